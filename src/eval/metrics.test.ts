import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { Rng } from '../engine/random.js';
import { averagePrecision, classificationMetrics, confusion, rocAuc } from './metrics.js';

/** Written by scripts/make-metrics-fixture.py from scikit-learn, so these tests need no Python. */
interface FixtureCase {
  name: string;
  labels: number[];
  scores: number[];
  predicted: number[];
  rocAuc: number | null;
  averagePrecision: number | null;
  confusion: { tp: number; fp: number; tn: number; fn: number };
  classification: { accuracy: number; precision: number; recall: number; f1: number };
}

const fixture = JSON.parse(
  readFileSync(new URL('../../test/fixtures/metrics-sklearn.json', import.meta.url), 'utf8'),
) as { cases: FixtureCase[] };

function assertClose(actual: number | null, expected: number | null, what: string): void {
  if (expected === null || actual === null) {
    assert.equal(actual, expected, what);
    return;
  }
  assert.ok(Math.abs(actual - expected) <= 1e-12, `${what}: got ${actual}, sklearn says ${expected}`);
}

test('metrics match scikit-learn on the fixture cases', () => {
  assert.ok(fixture.cases.length >= 15);
  for (const c of fixture.cases) {
    assertClose(rocAuc(c.labels, c.scores), c.rocAuc, `${c.name}: rocAuc`);
    assertClose(averagePrecision(c.labels, c.scores), c.averagePrecision, `${c.name}: averagePrecision`);
    assert.deepEqual(confusion(c.labels, c.predicted), c.confusion, `${c.name}: confusion`);
    const metrics = classificationMetrics(c.labels, c.predicted);
    for (const key of ['accuracy', 'precision', 'recall', 'f1'] as const) {
      assertClose(metrics[key], c.classification[key], `${c.name}: ${key}`);
    }
  }
});

test('typed-array inputs give the same values as plain arrays', () => {
  for (const c of fixture.cases) {
    const labels = Uint8Array.from(c.labels);
    const scores = Float64Array.from(c.scores);
    assert.equal(rocAuc(labels, scores), rocAuc(c.labels, c.scores), c.name);
    assert.equal(averagePrecision(labels, scores), averagePrecision(c.labels, c.scores), c.name);
  }
});

/** O(n^2) definition: fraction of (positive, negative) pairs ranked correctly, ties counting one half. */
function pairwiseAuc(labels: Uint8Array, scores: Float32Array): number {
  let wins = 0;
  let pairs = 0;
  for (let a = 0; a < labels.length; a++) {
    if (labels[a] !== 1) continue;
    for (let b = 0; b < labels.length; b++) {
      if (labels[b] !== 0) continue;
      pairs++;
      wins += scores[a] > scores[b] ? 1 : scores[a] === scores[b] ? 0.5 : 0;
    }
  }
  return wins / pairs;
}

test('rocAuc equals the pairwise definition on random tied float32 scores', () => {
  const rng = new Rng(7);
  for (let round = 0; round < 20; round++) {
    const n = 2 + rng.int(300);
    const labels = new Uint8Array(n);
    const scores = new Float32Array(n);
    for (let k = 0; k < n; k++) {
      labels[k] = rng.next() < 0.3 ? 1 : 0;
      scores[k] = Math.round(rng.normal() * 4) / 4 + labels[k] * 0.25;
    }
    labels[0] = 1;
    labels[1] = 0;
    assertClose(rocAuc(labels, scores), pairwiseAuc(labels, scores), `round ${round}`);
  }
});

test('infinite scores rank above and below every finite score', () => {
  assert.equal(rocAuc([1, 0, 1, 0], [Infinity, 1e308, -1e308, -Infinity]), 0.75);
});

test('rocAuc and averagePrecision handle two million points quickly', () => {
  const n = 2_000_000;
  const rng = new Rng(11);
  const labels = new Uint8Array(n);
  const scores = new Float32Array(n);
  for (let k = 0; k < n; k++) {
    labels[k] = rng.next() < 0.01 ? 1 : 0;
    scores[k] = rng.next() + labels[k] * 0.5;
  }
  const started = performance.now();
  const auc = rocAuc(labels, scores);
  const ap = averagePrecision(labels, scores);
  const elapsedMs = performance.now() - started;
  // Positives are shifted by half the range: AUC = 1 - 0.5^2 / 2 = 0.875 in expectation.
  assert.ok(auc !== null && Math.abs(auc - 0.875) < 0.01, `auc ${auc}`);
  assert.ok(ap !== null && ap > 0 && ap < 1, `ap ${ap}`);
  // Generous bound: catches an accidental O(n^2) or per-element allocation, not a slow machine.
  assert.ok(elapsedMs < 10_000, `took ${elapsedMs.toFixed(0)} ms`);
});

test('invalid inputs are refused with a RangeError naming the problem', () => {
  assert.throws(() => rocAuc([0, 1], [0.5]), { name: 'RangeError', message: /2 labels but 1 scores/ });
  assert.throws(() => rocAuc([0, 1], [0.5, NaN]), { name: 'RangeError', message: /score 1 is NaN/ });
  assert.throws(() => averagePrecision([0, 2], [0.5, 0.1]), { name: 'RangeError', message: /label 1 is 2/ });
  assert.throws(() => confusion([0, 1], [0, 0.5]), { name: 'RangeError', message: /prediction 1 is 0.5/ });
  assert.throws(() => classificationMetrics([], []), { name: 'RangeError', message: /no samples/ });
});

test('empty input has no ranking metric', () => {
  assert.equal(rocAuc([], []), null);
  assert.equal(averagePrecision([], []), null);
});
