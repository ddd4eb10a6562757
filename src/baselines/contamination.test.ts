import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { contaminationThreshold, flagAboveThreshold, numpyPercentile } from './contamination.js';

/** Written by scripts/make-baseline-fixtures.py from np.percentile (default 'linear' method), with ties. */
const fixture = JSON.parse(
  readFileSync(new URL('../../test/fixtures/baselines/percentile-numpy.json', import.meta.url), 'utf8'),
) as { cases: { values: number[]; percents: number[]; percentiles: number[] }[] };

test('numpyPercentile equals np.percentile bit for bit', () => {
  let checked = 0;
  for (const { values, percents, percentiles } of fixture.cases) {
    percents.forEach((percent, k) => {
      assert.equal(numpyPercentile(values, percent), percentiles[k], `n=${values.length}, ${percent}%`);
      checked++;
    });
  }
  assert.equal(checked, 48);
  assert.equal(numpyPercentile([3, 1, 2], 0), 1);
  assert.equal(numpyPercentile([3, 1, 2], 100), 3);
  assert.throws(() => numpyPercentile([], 10), /no values/);
  assert.throws(() => numpyPercentile([1], 101), /percent must be in \[0, 100\]/);
});

test('the contamination threshold flags the expected share of the training cases', () => {
  const scores = Float64Array.from({ length: 200 }, (_, n) => n);
  const threshold = contaminationThreshold(scores, 0.1);
  assert.equal(flagAboveThreshold(scores, threshold).reduce((a, b) => a + b, 0), 20);
  // -percentile(-scores, 10) sits between the 20th and 21st largest, as sklearn's offset_ does.
  assert.ok(threshold > 179 && threshold < 180, `threshold ${threshold}`);
});
