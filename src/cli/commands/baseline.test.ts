import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { runBaseline } from '../../baselines/index.js';
import { generateDynamicNetworks } from '../../data/generate.js';
import { caseMetrics, type Evaluation } from '../../eval/evaluate.js';
import { saveDatasetPickle } from '../../io/dataset-file.js';
import { runCli, withTempDir } from '../testing.js';

test('baseline prints the evaluate metrics of the chosen method; bad methods are one-line errors', async () => {
  await withTempDir('cli-baseline', (dir) => {
    const trainData = generateDynamicNetworks({ cases: 60, steps: 3, nodes: 4, seed: 1 });
    const testData = generateDynamicNetworks({ cases: 40, steps: 3, nodes: 4, seed: 2, ratio: 0.25 });
    const train = join(dir, 'train.pkl');
    const data = join(dir, 'test.pkl');
    saveDatasetPickle(train, trainData);
    saveDatasetPickle(data, testData);
    for (const method of ['lof', 'iforest'] as const) {
      const result = runCli(['baseline', '--method', method, '--train', train, '--test', data, '--json']);
      assert.equal(result.status, 0, result.stderr);
      const expected = runBaseline(method, trainData, testData);
      assert.deepEqual(JSON.parse(result.stdout), { case: caseMetrics(testData.labels, expected.scores, expected.predicted), nested: { rmse: null, rocAuc: null } });
    }
    const bad = runCli(['baseline', '--method', 'svm', '--train', train, '--test', data]);
    assert.notEqual(bad.status, 0);
    assert.equal(bad.stderr, "deepsphere: --method: expected one of lof, iforest, lstm-ae, got 'svm'\n");
  });
});

test('baseline --method lstm-ae trains the network without the hypersphere and reports case and nested metrics', async () => {
  await withTempDir('cli-baseline-lstm-ae', (dir) => {
    const shape = { steps: 4, nodes: 6, graphSeed: 5 };
    const train = join(dir, 'train.pkl');
    const data = join(dir, 'test.pkl');
    saveDatasetPickle(train, generateDynamicNetworks({ ...shape, cases: 200, seed: 1 }));
    saveDatasetPickle(data, generateDynamicNetworks({ ...shape, cases: 100, seed: 2, magnitude: 1.0 }));
    const result = runCli(['baseline', '--method', 'lstm-ae', '--train', train, '--test', data, '--epochs', '30', '--json', '--quiet']);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stderr, '');
    const evaluation = JSON.parse(result.stdout) as Evaluation;
    assert.ok(evaluation.case.rocAuc! > 0.8, result.stdout);
    assert.ok(evaluation.nested.rocAuc! > 0.8, result.stdout);
    const text = runCli(['baseline', '--method', 'lstm-ae', '--train', train, '--test', data, '--epochs', '2']);
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /^lstm-ae: /);
    assert.match(text.stderr, /epoch/);
  });
});
