import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from './random.js';
import { LargestValues, median, quantileOfSorted, robustLocationScale } from './stats.js';

test('median, MAD scale and quantiles match their definitions', () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.ok(Number.isNaN(median([])));
  const { median: m, scale } = robustLocationScale([1, 2, 3, 4, 100]);
  assert.equal(m, 3);
  assert.ok(Math.abs(scale - 1.4826) < 1e-12); // deviations 2,1,0,1,97 -> median 1
  assert.equal(quantileOfSorted([0, 10, 20, 30], 0.5), 15);
  assert.equal(quantileOfSorted([0, 10, 20, 30], 1), 30);
  assert.equal(quantileOfSorted([0, 10, 20, 30], 0), 0);
});

test('LargestValues: the mean of the top k of a full sort, ties and duplicates included, reusable after reset', () => {
  const rng = new Rng(3);
  for (let trial = 0; trial < 50; trial++) {
    const n = 1 + rng.int(500);
    const values = Float64Array.from({ length: n }, () => (trial % 3 === 0 ? rng.int(5) : rng.normal()));
    const k = 1 + rng.int(n);
    const sorted = Float64Array.from(values).sort();
    let expected = 0;
    for (let i = n - k; i < n; i++) expected += sorted[i];
    expected /= k;
    const largest = new LargestValues(k);
    for (const pass of [0, 1]) {
      largest.reset();
      for (const v of values) largest.offer(v);
      const got = largest.mean();
      assert.ok(Math.abs(got - expected) <= 1e-12 * (1 + Math.abs(expected)), `n=${n} k=${k} pass ${pass}: ${got} vs ${expected}`);
    }
  }
  const three = new LargestValues(3);
  three.offer(1);
  three.offer(2);
  assert.throws(() => three.mean(), RangeError);
  assert.throws(() => new LargestValues(0), RangeError);
});
