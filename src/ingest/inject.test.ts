import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../engine/random.js';
import { UserError } from '../errors.js';
import type { Dataset } from '../io/dataset.js';
import { edgeProfile, injectAnomalies, type InjectOptions } from './inject.js';

const M = 40;
const T = 8;
const N = 6;

/** Count-like data: edges i -> i+1 and i -> i+2 busy (levels 2-10), everything else always 0. */
function realLike(): Dataset {
  const rng = new Rng(5);
  const data = new Float32Array(M * T * N * N);
  for (let m = 0; m < M; m++)
    for (let t = 0; t < T; t++)
      for (let i = 0; i < N; i++)
        for (const j of [(i + 1) % N, (i + 2) % N]) data[((m * T + t) * N + i) * N + j] = 2 + i + rng.int(3) + (t % 4);
  return {
    data,
    shape: [M, T, N, N],
    nodeNames: ['a', 'b', 'c', 'd', 'e', 'f'],
    caseTimes: Array.from({ length: M }, (_, m) => new Date(Date.UTC(2024, 0, 1 + m)).toISOString()),
    stepSeconds: 10_800,
  };
}

const OPTIONS: InjectOptions = { ratio: 0.25, kinds: ['burst', 'outage', 'new-links', 'phase'], magnitude: 0.5, seed: 1 };

/** Every changed cell is in diff with exactly injected - original, and nothing else is. */
function assertDiffExact(original: Dataset, injected: Dataset): void {
  const diff = injected.diff!;
  const listed = new Set<number>();
  for (let k = 0; k < diff.value.length; k++) {
    const cell = ((diff.caseIndex[k] * T + diff.t[k]) * N + diff.i[k]) * N + diff.j[k];
    listed.add(cell);
    assert.equal(injected.data[cell] - original.data[cell], diff.value[k], `diff entry ${k}`);
    assert.equal(injected.labels![diff.caseIndex[k]], 1);
  }
  for (let cell = 0; cell < original.data.length; cell++) {
    if (injected.data[cell] !== original.data[cell] && !listed.has(cell)) assert.fail(`cell ${cell} changed but not in diff`);
  }
}

function changedCellsOfKind(kind: InjectOptions['kinds'][number]) {
  const original = realLike();
  const { dataset } = injectAnomalies(original, { ...OPTIONS, kinds: [kind] });
  assertDiffExact(original, dataset);
  return { original, dataset, diff: dataset.diff! };
}

test('ratio: exactly round(ratio * M) cases labelled, diff exact, metadata kept, input untouched', () => {
  const original = realLike();
  const before = original.data.slice();
  const { dataset, summary } = injectAnomalies(original, OPTIONS);
  assert.equal(dataset.labels!.reduce((sum, label) => sum + label, 0), 10);
  assertDiffExact(original, dataset);
  assert.equal(summary.cells, dataset.diff!.value.length);
  assert.equal(Object.values(summary.perKind).reduce((a, b) => a + b, 0), 10);
  assert.deepEqual(dataset.nodeNames, original.nodeNames);
  assert.deepEqual(dataset.caseTimes, original.caseTimes);
  assert.equal(dataset.stepSeconds, original.stepSeconds);
  assert.deepEqual(dataset.shape, original.shape);
  assert.deepEqual(original.data, before);
  assert.equal(original.labels, undefined);
  // Same seed, same result.
  assert.deepEqual(injectAnomalies(original, OPTIONS).dataset.diff, dataset.diff);
});

test('burst adds magnitude (+-20%) x the edge\'s own typical level on active edges', () => {
  const { original, diff } = changedCellsOfKind('burst');
  const { level } = edgeProfile(original);
  for (let k = 0; k < diff.value.length; k++) {
    const relative = diff.value[k] / level[diff.i[k] * N + diff.j[k]];
    assert.ok(relative > 0.4 - 1e-3 && relative < 0.6 + 1e-3, `relative jump ${relative}`);
  }
});

test('outage zeroes links of one node', () => {
  const { dataset, diff } = changedCellsOfKind('outage');
  const byCase = new Map<number, number[][]>();
  for (let k = 0; k < diff.value.length; k++) {
    const cell = ((diff.caseIndex[k] * T + diff.t[k]) * N + diff.i[k]) * N + diff.j[k];
    assert.equal(dataset.data[cell], 0);
    byCase.set(diff.caseIndex[k], [...(byCase.get(diff.caseIndex[k]) ?? []), [diff.i[k], diff.j[k]]]);
  }
  for (const pairs of byCase.values()) {
    const shared = [0, 1, 2, 3, 4, 5].filter((node) => pairs.every(([i, j]) => i === node || j === node));
    assert.ok(shared.length >= 1, 'one node is an endpoint of every zeroed link');
  }
});

test('new-links only use edges that are always zero, sized by the median active level', () => {
  const { original, diff } = changedCellsOfKind('new-links');
  const profile = edgeProfile(original);
  const quiet = new Set(profile.quiet);
  for (let k = 0; k < diff.value.length; k++) {
    assert.ok(quiet.has(diff.i[k] * N + diff.j[k]));
    assert.ok(diff.value[k] >= 0.4 * profile.typicalActive - 1e-3 && diff.value[k] <= 0.6 * profile.typicalActive + 1e-3);
  }
});

test('phase keeps each edge\'s values within the case, only their order changes', () => {
  const { original, dataset, diff } = changedCellsOfKind('phase');
  for (const m of new Set(diff.caseIndex)) {
    for (let cell = 0; cell < N * N; cell++) {
      const series = (data: Float32Array) => Array.from({ length: T }, (_, t) => data[(m * T + t) * N * N + cell]).sort();
      assert.deepEqual(series(dataset.data), series(original.data));
    }
  }
});

test('already labelled cases are kept and not injected into; their diff entries stay', () => {
  const first = injectAnomalies(realLike(), { ...OPTIONS, ratio: 0.1 }).dataset;
  const second = injectAnomalies(first, { ...OPTIONS, ratio: 0.1, seed: 2 }).dataset;
  assert.equal(second.labels!.reduce((sum, label) => sum + label, 0), 8);
  for (let m = 0; m < M; m++) if (first.labels![m] === 1) assert.equal(second.labels![m], 1);
  assertDiffExact(realLike(), second);
  assert.throws(() => injectAnomalies(second, { ...OPTIONS, ratio: 0.9 }), /--ratio 0.9: needs 36 cases but only 32/);
});

test('a kind the data cannot carry is refused with a reason', () => {
  const full = realLike();
  full.data.fill(1);
  assert.throws(() => injectAnomalies(full, { ...OPTIONS, kinds: ['new-links'] }), (error: unknown) => {
    assert.ok(error instanceof UserError);
    assert.match(error.message, /--kinds: new-links is impossible on this data: no edge is \(near\) always zero/);
    return true;
  });
});
