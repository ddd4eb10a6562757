import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateDynamicNetworks } from '../data/generate.js';
import { rocAuc } from '../eval/metrics.js';
import type { Dataset } from '../io/dataset.js';
import { BASELINE_METHODS, createBaseline, runBaseline, type BaselineMethod } from './index.js';

const shape = { steps: 4, nodes: 8, graphSeed: 5 };
const train = generateDynamicNetworks({ ...shape, cases: 200, seed: 1 });
const test_ = generateDynamicNetworks({ ...shape, cases: 100, seed: 2 });

for (const method of BASELINE_METHODS) {
  test(`runBaseline('${method}') scores and labels every test case from the training fit`, () => {
    const result = runBaseline(method, train, test_, { contamination: 0.1, seed: 3 });
    assert.equal(result.method, method);
    assert.equal(result.scores.length, 100);
    assert.equal(result.predicted.length, 100);
    result.predicted.forEach((flag, n) => assert.equal(flag, result.scores[n] > result.threshold ? 1 : 0));

    const direct = createBaseline(method, { contamination: 0.1, seed: 3 });
    direct.fit(train.data, 200, 4 * 8 * 8);
    assert.deepEqual(direct.score(test_.data, 100), result.scores);
    assert.equal(direct.threshold(), result.threshold);
    const trainingFlags = direct.score(train.data, 200).filter((score) => score > result.threshold).length;
    if (method === 'iforest') assert.equal(trainingFlags, 20, 'iforest flags 10% of its own training cases');
    // Better than chance on the generator's anomalies; the real comparison is on the example data.
    const auc = rocAuc(test_.labels!, result.scores) as number;
    assert.ok(auc > 0.7, `${method}: ROC-AUC ${auc}`);
  });
}

test('runBaseline refuses mismatched datasets and unknown methods', () => {
  const other: Dataset = generateDynamicNetworks({ steps: 4, nodes: 6, cases: 20, graphSeed: 5 });
  assert.throws(() => runBaseline('lof', train, other), /training cases have 4 steps x 8 nodes, test cases 4 steps x 6 nodes/);
  assert.throws(() => runBaseline('svm' as BaselineMethod, train, test_), /unknown method 'svm', expected one of lof, iforest/);
});
