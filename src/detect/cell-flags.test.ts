import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CELL_CONTRAST, cellCutoff } from './cell-flags.js';

test('a quiet case: the cell threshold decides', () => {
  const absZ = Float64Array.from({ length: 400 }, (_, k) => (k % 10) / 10); // |z| in [0, 0.9]
  absZ[17] = 4.5;
  assert.equal(cellCutoff(absZ, 4), 4);
  assert.equal(absZ.filter((z) => z > cellCutoff(absZ, 4)).length, 1);
});

test('a drifting case: only the cells that stand out within it are flagged, not every cell over the threshold', () => {
  // Every cell's |z| is 5-6 (over a threshold of 4): the whole reconstruction is off. Two cells stand out.
  const absZ = Float64Array.from({ length: 400 }, (_, k) => 5 + (k % 11) / 10);
  absZ[3] = 40;
  absZ[250] = 25;
  const cutoff = cellCutoff(absZ, 4);
  assert.ok(cutoff > 6 && cutoff < 25, `cutoff ${cutoff}`);
  assert.deepEqual(Array.from(absZ.keys()).filter((k) => absZ[k] > cutoff), [3, 250]);
});

test('the cutoff is median + CELL_CONTRAST robust deviations of the case', () => {
  const absZ = Float64Array.from([10, 11, 12, 13, 14]); // median 12, MAD 1
  assert.ok(Math.abs(cellCutoff(absZ, 4) - (12 + CELL_CONTRAST * 1.4826)) < 1e-12);
});
