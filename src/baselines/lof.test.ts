import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { AVAILABLE_ENGINES } from '../engine/testing.js';
import { flagAboveThreshold } from './contamination.js';
import { LocalOutlierFactor } from './lof.js';

/** Written by scripts/make-baseline-fixtures.py from scikit-learn's LocalOutlierFactor(novelty=True). */
interface LofResult {
  nNeighbors: number;
  contamination: number;
  fitMethod: string;
  effectiveNeighbors: number;
  trainingNegativeOutlierFactor: number[];
  offset: number;
  testScoreSamples: number[];
  testPredict: number[];
}
interface LofDataset {
  name: string;
  steps: number;
  nodes: number;
  train: number[];
  test: number[];
  trainCount: number;
  testCount: number;
  results: LofResult[];
}

const fixture = JSON.parse(
  readFileSync(new URL('../../test/fixtures/baselines/lof-sklearn.json', import.meta.url), 'utf8'),
) as { datasets: LofDataset[] };

function assertRelativelyClose(actual: number, expected: number, tolerance: number, what: string): void {
  const error = Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-300);
  assert.ok(error <= tolerance, `${what}: got ${actual}, sklearn says ${expected} (relative error ${error})`);
}

for (const gemm of AVAILABLE_ENGINES) {
  test(`LOF matches scikit-learn's scores, offset and predictions (${gemm.name} GEMM)`, () => {
    let checked = 0;
    for (const dataset of fixture.datasets) {
      const caseLength = dataset.steps * dataset.nodes * dataset.nodes;
      const train = Float32Array.from(dataset.train);
      const test = Float32Array.from(dataset.test);
      // The fixture holds float32 values widened to float64, so the conversion must be exact.
      assert.deepEqual(Array.from(train), dataset.train);
      for (const expected of dataset.results) {
        const what = `${dataset.name}, k=${expected.nNeighbors}, contamination=${expected.contamination} (sklearn ${expected.fitMethod})`;
        const lof = new LocalOutlierFactor({ neighbors: expected.nNeighbors, contamination: expected.contamination }, gemm);
        lof.fit(train, dataset.trainCount, caseLength);
        assert.equal(lof.effectiveNeighbors(), expected.effectiveNeighbors, what);
        assertRelativelyClose(-lof.threshold(), expected.offset, 1e-12, `${what}: offset`);
        const trainingScores = lof.score(train, dataset.trainCount);
        assert.equal(trainingScores.length, dataset.trainCount);
        const scores = lof.score(test, dataset.testCount);
        expected.testScoreSamples.forEach((sklearnScore, n) => {
          assertRelativelyClose(scores[n], -sklearnScore, 1e-12, `${what}: test case ${n}`);
        });
        const flags = flagAboveThreshold(scores, lof.threshold());
        assert.deepEqual(Array.from(flags), expected.testPredict.map((p) => (p === -1 ? 1 : 0)), `${what}: predictions`);
        checked++;
      }
    }
    assert.equal(checked, 9);
  });
}

test('in novelty mode a case equal to a training case has it as a neighbour and scores as an inlier', () => {
  const caseLength = 2;
  const train = Float32Array.from([0, 0, 1, 0, 0, 1, 1, 1, 0.5, 0.5, 10, 10]);
  const lof = new LocalOutlierFactor({ neighbors: 2 });
  lof.fit(train, 6, caseLength);
  const scores = lof.score(Float32Array.from([0.5, 0.5, 20, 20]), 2);
  assert.ok(scores[0] < 1.5, `inlier scored ${scores[0]}`);
  assert.ok(scores[1] > 5, `outlier scored ${scores[1]}`);
});

test('LOF refuses bad options and unfitted use', () => {
  assert.throws(() => new LocalOutlierFactor({ neighbors: 0 }), /neighbors must be an integer >= 1, got 0/);
  assert.throws(() => new LocalOutlierFactor({ contamination: 0.6 }), /contamination must be in \(0, 0.5\], got 0.6/);
  assert.throws(() => new LocalOutlierFactor().threshold(), /fit\(\) must come before/);
  assert.throws(() => new LocalOutlierFactor().fit(new Float32Array(3), 1, 3), /at least 2 training cases, got 1/);
  const lof = new LocalOutlierFactor();
  lof.fit(new Float32Array([0, 1, 2, 3, 4, 5]), 3, 2);
  assert.throws(() => lof.score(new Float32Array(3), 1), /3 values, expected 1 cases x 2/);
  assert.throws(() => lof.fit(new Float32Array([0, NaN, 2, 3]), 2, 2), /case 0 holds NaN at value 1/);
});
