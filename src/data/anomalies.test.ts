import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Dataset } from '../io/dataset.js';
import { Rng } from '../engine/random.js';
import { drawWindow, sampleDistinct } from './anomalies.js';
import { generateDynamicNetworks } from './generate.js';
import { buildNetwork, linksOfNode, type Network } from './network.js';
import type { AnomalyKind, GenerateOptions } from './options.js';

const NODES = 20;
const STEPS = 10;

interface Cell {
  t: number;
  cell: number;
  value: number;
}

/** Every case anomalous with one kind, plus the normal version of the same cases. */
function generateKind(kind: AnomalyKind, extra: Partial<GenerateOptions> = {}) {
  const options: Partial<GenerateOptions> = { cases: 80, steps: STEPS, nodes: NODES, ratio: 1, kinds: [kind], seed: 5, ...extra };
  const anomalous = generateDynamicNetworks(options);
  const normal = generateDynamicNetworks({ ...options, ratio: 0 });
  const network = buildNetwork(NODES, 3, 7);
  return { anomalous, normal, network, cases: options.cases! };
}

function cellsOf(dataset: Dataset, caseIndex: number): Cell[] {
  const diff = dataset.diff!;
  const cells: Cell[] = [];
  for (let k = 0; k < diff.value.length; k++) {
    if (diff.caseIndex[k] === caseIndex) cells.push({ t: diff.t[k], cell: diff.i[k] * NODES + diff.j[k], value: diff.value[k] });
  }
  return cells;
}

function at(dataset: Dataset, caseIndex: number, t: number, cell: number): number {
  return dataset.data[(caseIndex * STEPS + t) * NODES * NODES + cell];
}

/** The distinct steps of the cells, checked to form one contiguous window. */
function windowOf(cells: Cell[]): number[] {
  const steps = [...new Set(cells.map((c) => c.t))].sort((a, b) => a - b);
  steps.forEach((t, k) => assert.equal(t, steps[0] + k, 'one contiguous window'));
  return steps;
}

function onLinks(network: Network, cells: Cell[]): boolean {
  const links = new Set(network.linkCell);
  return cells.every((c) => links.has(c.cell));
}

test('burst: N/5 existing links jump by one constant near --magnitude in a short window', () => {
  const { anomalous, network, cases } = generateKind('burst', { magnitude: 0.5 });
  for (let c = 0; c < cases; c++) {
    const cells = cellsOf(anomalous, c);
    const window = windowOf(cells);
    assert.ok(window.length >= 2 && window.length <= STEPS / 2, `window ${window.length}`);
    assert.ok(onLinks(network, cells));
    assert.equal(new Set(cells.map((x) => x.cell)).size, NODES / 5);
    for (const x of cells) {
      assert.ok(Math.abs(x.value - cells[0].value) < 1e-6, 'one jump per case (float32 rounding aside)');
      assert.ok(x.value > 0.4 - 1e-6 && x.value < 0.6 + 1e-6, `jump ${x.value}`);
    }
  }
});

test('outage: all links of one node drop to 0 in the window, or all of them surge', () => {
  const { anomalous, normal, network, cases } = generateKind('outage');
  const kinds = { drop: 0, surge: 0 };
  for (let c = 0; c < cases; c++) {
    const cells = cellsOf(anomalous, c);
    const window = windowOf(cells);
    assert.ok(onLinks(network, cells));
    const counts = new Map<number, number>();
    for (const x of cells) {
      for (const node of new Set([Math.floor(x.cell / NODES), x.cell % NODES])) counts.set(node, (counts.get(node) ?? 0) + 1);
    }
    const node = [...counts.entries()].find(([, n]) => n === cells.length)?.[0];
    assert.ok(node !== undefined, 'one node touches every changed cell');
    const nodeCells = [...linksOfNode(network, node)].map((e) => network.linkCell[e]);
    const surge = cells[0].value > 0;
    kinds[surge ? 'surge' : 'drop']++;
    for (const t of window) {
      for (const cell of nodeCells) {
        if (surge) assert.ok(at(anomalous, c, t, cell) > at(normal, c, t, cell), 'every link of the node surges');
        else assert.equal(at(anomalous, c, t, cell), 0, 'every link of the node is down');
      }
    }
    for (const x of cells) assert.ok(surge ? x.value > 0 : x.value < 0);
  }
  assert.ok(kinds.drop > 10 && kinds.surge > 10, `both directions occur: ${JSON.stringify(kinds)}`);
});

test('new-links: weight appears only on cells that are never links', () => {
  const { anomalous, normal, network, cases } = generateKind('new-links');
  const absent = new Set(network.absentCells);
  for (let c = 0; c < cases; c++) {
    const cells = cellsOf(anomalous, c);
    windowOf(cells);
    assert.equal(new Set(cells.map((x) => x.cell)).size, NODES / 2);
    for (const x of cells) {
      assert.ok(absent.has(x.cell), 'on an absent link');
      assert.equal(at(normal, c, x.t, x.cell), 0);
      assert.equal(at(anomalous, c, x.t, x.cell), x.value);
    }
  }
});

test('phase: values stay within each link\'s normal range; only their order in time changes', () => {
  const { anomalous, normal, network, cases } = generateKind('phase');
  for (let c = 0; c < cases; c++) {
    const cells = cellsOf(anomalous, c);
    const window = windowOf(cells);
    assert.ok(window.length >= 6, 'at least one period of context');
    assert.ok(onLinks(network, cells));
    for (const cell of new Set(cells.map((x) => x.cell))) {
      const series = (d: Dataset) => Array.from({ length: STEPS }, (_, t) => at(d, c, t, cell));
      const before = series(normal);
      const after = series(anomalous);
      assert.deepEqual([...after].sort(), [...before].sort(), 'same values, other order');
      assert.ok(Math.min(...after) >= Math.min(...before) && Math.max(...after) <= Math.max(...before));
    }
  }
});

test('--kinds draws uniformly among the listed kinds', () => {
  const { labels, diff, shape } = generateDynamicNetworks({ cases: 400, ratio: 1, kinds: ['new-links', 'burst'], seed: 3 });
  const network = buildNetwork(shape[2], 3, 7);
  const absent = new Set(network.absentCells);
  const onAbsent = new Map<number, boolean>();
  for (let k = 0; k < diff!.value.length; k++) onAbsent.set(diff!.caseIndex[k], absent.has(diff!.i[k] * shape[2] + diff!.j[k]));
  const newLinks = [...onAbsent.values()].filter(Boolean).length;
  assert.equal(onAbsent.size, labels!.length);
  assert.ok(newLinks > 150 && newLinks < 250, `new-links in ${newLinks} of 400`);
});

test('a kind the network cannot carry is a UserError naming --kinds', () => {
  // Two nodes in two communities: almost surely no link at all, so nothing can burst.
  const network = buildNetwork(2, 2, 7);
  assert.equal(network.linkCell.length, 0);
  assert.throws(() => generateDynamicNetworks({ cases: 10, nodes: 2, communities: 2, kinds: ['burst'] }), /^UserError: --kinds: burst/);
  assert.equal(generateDynamicNetworks({ cases: 10, nodes: 2, communities: 2, kinds: ['new-links'] }).diff!.value.length > 0, true);
});

test('drawWindow stays inside the case; sampleDistinct draws distinct pool members', () => {
  const rng = new Rng(1);
  for (let k = 0; k < 200; k++) {
    const { start, length } = drawWindow(rng, 10, 2, 5);
    assert.ok(length >= 2 && length <= 5 && start >= 0 && start + length <= 10);
  }
  assert.deepEqual(drawWindow(rng, 1, 2, 5), { start: 0, length: 1 });
  const pool = Int32Array.from([4, 8, 15, 16, 23, 42]);
  const picked = sampleDistinct(rng, pool, 4);
  assert.equal(new Set(picked).size, 4);
  for (const value of picked) assert.ok(pool.includes(value));
  assert.equal(sampleDistinct(rng, pool, 99).length, pool.length);
});
