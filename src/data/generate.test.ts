import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateDynamicNetworks } from './generate.js';
import { buildNetwork } from './network.js';
import type { GenerateOptions } from './options.js';

const small: Partial<GenerateOptions> = { cases: 200, steps: 10, nodes: 20 };

function countOnes(labels: Uint8Array): number {
  return labels.reduce((sum, label) => sum + label, 0);
}

test('exactly round(ratio * cases) anomalous cases, at varying positions', () => {
  for (const [cases, ratio] of [[1000, 0.1], [50, 0.333], [40, 0], [40, 1], [7, 0.5]] as const) {
    const { labels, shape } = generateDynamicNetworks({ cases, ratio, steps: 6, nodes: 8 });
    assert.equal(shape[0], cases);
    assert.equal(countOnes(labels!), Math.round(ratio * cases), `cases ${cases} ratio ${ratio}`);
  }
  const a = generateDynamicNetworks({ ...small, seed: 1 }).labels!;
  const b = generateDynamicNetworks({ ...small, seed: 2 }).labels!;
  assert.notDeepEqual(a, b, 'positions depend on the seed');
});

test('labels match diff: every anomalous case has diff cells, normal cases none', () => {
  const { labels, diff } = generateDynamicNetworks(small);
  const cellsPerCase = new Int32Array(labels!.length);
  for (const c of diff!.caseIndex) cellsPerCase[c]++;
  labels!.forEach((label, c) => {
    if (label === 1) assert.ok(cellsPerCase[c] > 0, `anomalous case ${c} has no diff`);
    else assert.equal(cellsPerCase[c], 0, `normal case ${c} has diff`);
  });
});

test('diff is exactly data minus the normal version (ratio 0, same seed), no zero entries', () => {
  const options: Partial<GenerateOptions> = { ...small, ratio: 0.3, seed: 11 };
  const anomalous = generateDynamicNetworks(options);
  const normal = generateDynamicNetworks({ ...options, ratio: 0 });
  assert.equal(countOnes(normal.labels!), 0);
  assert.equal(normal.diff!.value.length, 0);
  const [, steps, nodes] = anomalous.shape;
  const expected = new Float64Array(anomalous.data.length);
  const diff = anomalous.diff!;
  let previous = -1;
  for (let k = 0; k < diff.value.length; k++) {
    const flat = ((diff.caseIndex[k] * steps + diff.t[k]) * nodes + diff.i[k]) * nodes + diff.j[k];
    assert.ok(flat > previous, 'cells sorted by case, t, i, j and unique');
    previous = flat;
    assert.notEqual(diff.value[k], 0, 'no zero entries');
    expected[flat] = diff.value[k];
  }
  for (let flat = 0; flat < expected.length; flat++) {
    const delta = anomalous.data[flat] - normal.data[flat];
    if (delta !== expected[flat]) assert.fail(`cell ${flat}: data - normal = ${delta}, diff says ${expected[flat]}`);
  }
});

test('same options => identical output; another seed => other data', () => {
  const a = generateDynamicNetworks(small);
  const b = generateDynamicNetworks(small);
  assert.deepEqual(Buffer.from(a.data.buffer), Buffer.from(b.data.buffer));
  assert.deepEqual(a.labels, b.labels);
  assert.deepEqual(a.diff, b.diff);
  const c = generateDynamicNetworks({ ...small, seed: 2 });
  assert.notDeepEqual(Buffer.from(a.data.buffer), Buffer.from(c.data.buffer));
});

test('the normal background ignores kinds and magnitude; the network ignores the seed', () => {
  const base = generateDynamicNetworks({ ...small, ratio: 0 });
  const other = generateDynamicNetworks({ ...small, ratio: 0, kinds: ['phase'], magnitude: 2 });
  assert.deepEqual(Buffer.from(base.data.buffer), Buffer.from(other.data.buffer));

  // Where the normal cases carry weight is the network: the same for every seed with one graph seed.
  const support = (seed: number, graphSeed: number) => {
    const { data, labels, shape } = generateDynamicNetworks({ ...small, seed, graphSeed });
    const cellsPerStep = shape[2] * shape[3];
    const seen = new Set<number>();
    for (let c = 0; c < shape[0]; c++) {
      if (labels![c] === 1) continue;
      for (let k = c * shape[1] * cellsPerStep; k < (c + 1) * shape[1] * cellsPerStep; k++) {
        if (data[k] !== 0) seen.add(k % cellsPerStep);
      }
    }
    return [...seen].sort((x, y) => x - y);
  };
  const network = [...buildNetwork(20, 3, 7).linkCell];
  assert.deepEqual(support(1, 7), network);
  assert.deepEqual(support(99, 7), network);
  assert.notDeepEqual(support(1, 8), network);
});

test('values are non-negative, no self-loops, and on the example data scale', () => {
  const { data, shape } = generateDynamicNetworks({ cases: 300 });
  const [cases, steps, nodes] = shape;
  let sum = 0;
  let zeros = 0;
  for (let k = 0; k < data.length; k++) {
    assert.ok(data[k] >= 0, `negative value at ${k}`);
    sum += data[k];
    if (data[k] === 0) zeros++;
  }
  for (let c = 0; c < cases * steps; c++) {
    for (let i = 0; i < nodes; i++) assert.equal(data[(c * nodes + i) * nodes + i], 0, 'self-loop');
  }
  // Example train.pkl: mean 0.144, 77% zeros, max 2.04.
  const mean = sum / data.length;
  assert.ok(mean > 0.07 && mean < 0.25, `mean ${mean}`);
  assert.ok(zeros / data.length > 0.65 && zeros / data.length < 0.9, `zero share ${zeros / data.length}`);
});

test('rhythm: a normal link swings with the 6-step period', () => {
  const { data, labels, shape } = generateDynamicNetworks({ cases: 20, steps: 12, noise: 0, ratio: 0 });
  const [, steps, nodes] = shape;
  const cell = buildNetwork(20, 3, 7).linkCell[0];
  assert.equal(countOnes(labels!), 0);
  for (let c = 0; c < 20; c++) {
    const at = (t: number) => data[(c * steps + t) * nodes * nodes + cell];
    for (let t = 0; t + 6 < steps; t++) assert.ok(Math.abs(at(t) - at(t + 6)) < 1e-6, 'periodic without noise');
    const values = Array.from({ length: 6 }, (_, t) => at(t));
    assert.ok(Math.max(...values) > 1.3 * Math.min(...values), 'the swing is visible');
  }
});
