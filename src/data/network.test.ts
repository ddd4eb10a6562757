import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildNetwork, linksOfNode } from './network.js';

test('same graph seed => same network; another seed => another one', () => {
  const a = buildNetwork(20, 3, 7);
  assert.deepEqual(buildNetwork(20, 3, 7), a);
  assert.notDeepEqual(buildNetwork(20, 3, 8).linkCell, a.linkCell);
});

test('links and absent cells partition the off-diagonal; no self-loops', () => {
  const nodes = 20;
  const network = buildNetwork(nodes, 3, 7);
  const seen = new Set<number>();
  for (const cell of [...network.linkCell, ...network.absentCells]) {
    assert.notEqual(Math.floor(cell / nodes), cell % nodes, 'no self-loop');
    assert.ok(!seen.has(cell), 'each cell once');
    seen.add(cell);
  }
  assert.equal(seen.size, nodes * (nodes - 1));
  assert.equal(network.weight.length, network.linkCell.length);
  assert.equal(network.phase.length, network.linkCell.length);
});

test('community structure: every community used, dense within, sparse across', () => {
  const nodes = 50;
  const network = buildNetwork(nodes, 4, 3);
  assert.deepEqual(new Set(network.community), new Set([0, 1, 2, 3]));
  const pairs = { within: 0, across: 0 };
  const links = { within: 0, across: 0 };
  const weights = { within: 0, across: 0 };
  const linked = new Set(network.linkCell);
  for (let i = 0; i < nodes; i++) {
    for (let j = 0; j < nodes; j++) {
      if (i === j) continue;
      const side = network.community[i] === network.community[j] ? 'within' : 'across';
      pairs[side]++;
      if (linked.has(i * nodes + j)) links[side]++;
    }
  }
  network.linkCell.forEach((cell, e) => {
    const side = network.community[Math.floor(cell / nodes)] === network.community[cell % nodes] ? 'within' : 'across';
    weights[side] += network.weight[e];
  });
  assert.ok(links.within / pairs.within > 0.4, `within density ${links.within / pairs.within}`);
  assert.ok(links.across / pairs.across < 0.15, `across density ${links.across / pairs.across}`);
  assert.ok(weights.within / links.within > 2 * (weights.across / links.across), 'heavier links within');
});

test('linksOfNode finds exactly the in- and out-links of a node', () => {
  const nodes = 20;
  const network = buildNetwork(nodes, 3, 7);
  for (const node of [0, 7, 19]) {
    const expected = [...network.linkCell.keys()].filter((e) => {
      const cell = network.linkCell[e];
      return Math.floor(cell / nodes) === node || cell % nodes === node;
    });
    assert.deepEqual([...linksOfNode(network, node)], expected);
  }
});
