import test from 'node:test';
import assert from 'node:assert/strict';
import { nodeScores, stepScores, topDeviations } from './nested.js';

// One case, T = 2, N = 2: cells indexed t*4 + i*2 + j.
const observed = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
const expected = Float32Array.from([1, 2, 0, 4, 5, 6.5, 7, 0]);

test('topDeviations returns the largest |observed - expected| first, with coordinates', () => {
  const top = topDeviations(observed, expected, 2, 2);
  assert.deepEqual(top, [
    { t: 1, i: 1, j: 1, observed: 8, expected: 0, deviation: 8 },
    { t: 0, i: 1, j: 0, observed: 3, expected: 0, deviation: 3 },
  ]);
});

test('topDeviations handles count larger than the number of cells and count 0', () => {
  assert.equal(topDeviations(observed, expected, 2, 100).length, 8);
  assert.deepEqual(topDeviations(observed, expected, 2, 0), []);
});

test('topDeviations agrees with a full sort on random data', () => {
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const n = 5;
  const a = Float32Array.from({ length: 3 * n * n }, random);
  const b = Float32Array.from({ length: 3 * n * n }, random);
  const sorted = Array.from(a, (_, k) => k).sort((x, y) => Math.abs(a[y] - b[y]) - Math.abs(a[x] - b[x]) || x - y);
  const top = topDeviations(a, b, n, 10);
  assert.deepEqual(top.map((c) => c.t * n * n + c.i * n + c.j), sorted.slice(0, 10));
});

test('nodeScores sums in- and out-edges, a self-loop once', () => {
  // |dev| per cell: t0: [0,0,3,0], t1: [0,-0.5->0.5,0,8]
  const scores = nodeScores(observed, expected, 2);
  // node 0: out (0,0)=0,(0,1)=0+0.5 ; in (1,0)=3+0 ; self-loop (0,0) once -> 3.5
  // node 1: out (1,0)=3,(1,1)=8 ; in (0,1)=0.5 ; self-loop (1,1) once -> 11.5
  assert.deepEqual(Array.from(scores), [3.5, 11.5]);
});

test('stepScores sums |deviation| per time step', () => {
  assert.deepEqual(Array.from(stepScores(observed, expected, 2)), [3, 8.5]);
});
