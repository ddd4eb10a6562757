import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { Rng } from '../engine/random.js';
import { rocAuc } from '../eval/metrics.js';
import { flagAboveThreshold } from './contamination.js';
import { IsolationForest } from './iforest.js';
import { averagePathLength, growIsolationTree } from './isolation-tree.js';

/**
 * Written by scripts/make-baseline-fixtures.py: 300 training / 200 test cases of 27 values, 10% of them
 * shifted in 3 features, and sklearn's IsolationForest over 10 random states. Our random stream is not
 * sklearn's, so the forests are compared in distribution: ROC-AUC and per-case mean scores over seeds.
 */
interface IforestFixture {
  steps: number;
  nodes: number;
  contamination: number;
  train: number[];
  trainCount: number;
  test: number[];
  testCount: number;
  testLabels: number[];
  seeds: number[];
  rocAucPerSeed: number[];
  trainingFlaggedPerSeed: number[];
  meanScorePerCase: number[];
  scoreSdPerCase: number[];
  averagePathLength: { n: number[]; c: number[] };
}

const fixture = JSON.parse(
  readFileSync(new URL('../../test/fixtures/baselines/iforest-sklearn.json', import.meta.url), 'utf8'),
) as IforestFixture;
const caseLength = fixture.steps * fixture.nodes * fixture.nodes;
const train = Float32Array.from(fixture.train);
const testCases = Float32Array.from(fixture.test);
const mean = (values: ArrayLike<number>) => Array.from(values).reduce((a, b) => a + b, 0) / values.length;

function fitForest(seed: number): IsolationForest {
  const forest = new IsolationForest({ seed, contamination: fixture.contamination });
  forest.fit(train, fixture.trainCount, caseLength);
  return forest;
}

test('c(n) matches sklearn', () => {
  fixture.averagePathLength.n.forEach((n, k) => {
    assert.ok(Math.abs(averagePathLength(n) - fixture.averagePathLength.c[k]) <= 1e-12, `c(${n})`);
  });
});

test('Isolation Forest agrees with sklearn in distribution: ROC-AUC and per-case mean scores', () => {
  const seeds = [0, 1, 2, 3, 4];
  const meanScores = new Float64Array(fixture.testCount);
  const aucs: number[] = [];
  for (const seed of seeds) {
    const forest = fitForest(seed);
    const scores = forest.score(testCases, fixture.testCount);
    for (const score of scores) assert.ok(score > 0 && score < 1, `score ${score} outside (0, 1)`);
    aucs.push(rocAuc(fixture.testLabels, scores) as number);
    scores.forEach((score, n) => { meanScores[n] += score / seeds.length; });
    const flagged = flagAboveThreshold(forest.score(train, fixture.trainCount), forest.threshold());
    const sklearnFlagged = Math.round(fixture.trainingFlaggedPerSeed[seed] * fixture.trainCount);
    assert.equal(flagged.reduce((a, b) => a + b, 0), sklearnFlagged, `seed ${seed}: training cases flagged`);
  }
  const ours = mean(aucs);
  const sklearns = mean(fixture.rocAucPerSeed);
  assert.ok(Math.abs(ours - sklearns) <= 0.05, `mean ROC-AUC ${ours} over ${seeds.length} seeds, sklearn ${sklearns}`);

  // If both forests draw from one distribution, the per-case means differ only by seed noise, whose
  // expected absolute size sqrt(2/pi) sd sqrt(1/5 + 1/10) comes from sklearn's own spread over seeds.
  let difference = 0;
  let expected = 0;
  fixture.meanScorePerCase.forEach((sklearnMean, n) => {
    difference += Math.abs(meanScores[n] - sklearnMean) / fixture.testCount;
    expected += Math.sqrt(2 / Math.PI) * fixture.scoreSdPerCase[n] * Math.sqrt(1 / seeds.length + 1 / fixture.seeds.length) / fixture.testCount;
  });
  assert.ok(difference <= 2 * expected, `per-case mean scores differ by ${difference} on average; seed noise alone gives ${expected}`);
});

test('Isolation Forest is deterministic by seed', () => {
  const first = fitForest(7).score(testCases, fixture.testCount);
  assert.deepEqual(fitForest(7).score(testCases, fixture.testCount), first);
  assert.notDeepEqual(fitForest(8).score(testCases, fixture.testCount), first);
});

test('isolation trees split only on features that vary, and stop on identical cases', () => {
  // Three constant features and one that varies: every split must use feature 2.
  const count = 64;
  const values = new Float32Array(count * 4);
  for (let n = 0; n < count; n++) values.set([1, 5, n / 10, -3], n * 4);
  const tree = growIsolationTree({ values, count, caseLength: 4 }, Int32Array.from({ length: count }, (_, n) => n), 6, new Rng(3));
  let splits = 0;
  tree.left.forEach((left, node) => {
    if (left < 0) return; // a leaf (or an unused slot)
    assert.equal(tree.feature[node], 2);
    splits++;
  });
  assert.ok(splits > 10, `${splits} splits`);

  const identical = new Float32Array(10 * 4).fill(2);
  const leaf = growIsolationTree({ values: identical, count: 10, caseLength: 4 }, Int32Array.from({ length: 10 }, (_, n) => n), 6, new Rng(3));
  assert.equal(leaf.left[0], -1);
  assert.equal(leaf.leafPathLength[0], averagePathLength(10));
});

test('Isolation Forest handles tiny training sets and refuses bad options', () => {
  const forest = new IsolationForest({ trees: 5, maxSamples: 1000 });
  forest.fit(Float32Array.from([0, 1, 2]), 3, 1);
  const scores = forest.score(Float32Array.from([1, 50]), 2);
  assert.ok(scores[1] >= scores[0]);
  const single = new IsolationForest({ trees: 3 });
  single.fit(Float32Array.from([4, 4]), 1, 2);
  assert.deepEqual(Array.from(single.score(Float32Array.from([0, 9]), 1)), [0.5]);
  assert.throws(() => new IsolationForest({ trees: 0 }), /trees must be an integer >= 1, got 0/);
  assert.throws(() => new IsolationForest({ maxSamples: 2.5 }), /maxSamples must be an integer >= 1, got 2.5/);
  assert.throws(() => new IsolationForest({ contamination: 0 }), /contamination must be in \(0, 0.5\], got 0/);
  assert.throws(() => new IsolationForest().fit(new Float32Array(0), 0, 3), /at least 1 training case/);
  assert.throws(() => new IsolationForest().score(new Float32Array(3), 1), /fit\(\) must come before/);
});
