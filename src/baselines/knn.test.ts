import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AVAILABLE_ENGINES } from '../engine/testing.js';
import { Rng } from '../engine/random.js';
import { ExactNeighbours } from './knn.js';

/** The definition: every distance measured directly, sorted by (distance, index). */
function naiveNearest(reference: Float32Array, queries: Float32Array, caseLength: number, k: number) {
  const referenceCount = reference.length / caseLength;
  const rows: { indices: number[]; distances: number[] }[] = [];
  for (let q = 0; q < queries.length / caseLength; q++) {
    const all = Array.from({ length: referenceCount }, (_, r) => {
      let sum = 0;
      for (let n = 0; n < caseLength; n++) {
        const difference = queries[q * caseLength + n] - reference[r * caseLength + n];
        sum += difference * difference;
      }
      return { r, sum };
    });
    all.sort((a, b) => a.sum - b.sum || a.r - b.r);
    rows.push({ indices: all.slice(0, k).map((e) => e.r), distances: all.slice(0, k).map((e) => Math.sqrt(e.sum)) });
  }
  return rows;
}

/** Cases far from the origin and close to each other (the GEMM formula's worst case), with exact and near duplicates. */
function hardCases(rng: Rng, count: number, caseLength: number): Float32Array {
  const values = new Float32Array(count * caseLength);
  for (let n = 0; n < values.length; n++) values[n] = 1000 + 0.01 * rng.normal();
  for (let c = 5; c < 9; c++) values.copyWithin(c * caseLength, 4 * caseLength, 5 * caseLength);
  for (let n = 0; n < caseLength; n++) values[10 * caseLength + n] = values[4 * caseLength + n] + (n === 0 ? 2e-4 : 0);
  return values;
}

for (const gemm of AVAILABLE_ENGINES) {
  for (const blockElements of [50, 1 << 22]) {
    test(`exact neighbours equal the direct definition (${gemm.name} GEMM, blocks of ${blockElements})`, () => {
      const rng = new Rng(11);
      const caseLength = 12;
      const reference = hardCases(rng, 70, caseLength);
      const queries = new Float32Array(reference.subarray(0, 30 * caseLength)).map((v) => v + 0.004 * rng.normal());
      queries.set(reference.subarray(4 * caseLength, 5 * caseLength), 0);
      const neighbours = new ExactNeighbours({ values: reference, count: 70, caseLength }, gemm, blockElements);
      const k = 7;
      const found = neighbours.query(queries, 30, k);
      naiveNearest(reference, queries, caseLength, k).forEach((expected, q) => {
        assert.deepEqual(Array.from(found.indices.subarray(q * k, (q + 1) * k)), expected.indices, `query ${q}`);
        assert.deepEqual(Array.from(found.distances.subarray(q * k, (q + 1) * k)), expected.distances, `query ${q}`);
      });
      // A duplicate of reference case 4 finds the five identical cases at distance exactly 0.
      assert.deepEqual(Array.from(found.distances.subarray(0, 5)), [0, 0, 0, 0, 0]);
    });
  }
}

test('the training query drops each case itself, or one of its duplicates when more than k hide it', () => {
  // Cases 0..4 identical, case 5 elsewhere. With k = 2, cases 3 and 4 find 0, 1, 2 (ties by index), not themselves.
  const values = Float32Array.from([1, 1, 1, 1, 1, 5]);
  const neighbours = new ExactNeighbours({ values, count: 6, caseLength: 1 });
  const found = neighbours.queryReferenceExcludingSelf(2);
  assert.deepEqual(Array.from(found.indices), [1, 2, 0, 2, 0, 1, 1, 2, 1, 2, 0, 1]);
  assert.deepEqual(Array.from(found.distances), [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 4]);
});

test('neighbour queries refuse k outside [1, cases] and mismatched queries', () => {
  const neighbours = new ExactNeighbours({ values: new Float32Array(6), count: 3, caseLength: 2 });
  assert.throws(() => neighbours.query(new Float32Array(2), 1, 4), /k must be an integer in \[1, 3\], got 4/);
  assert.throws(() => neighbours.query(new Float32Array(3), 1, 1), /3 values, expected 1 cases x 2/);
});
