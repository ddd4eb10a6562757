/**
 * train -> detect -> evaluate through the CLI, as a user runs them: real files, fresh processes,
 * the outputs' formats (result JSON, residual pickle Python can load), and one-line refusals.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { generateDynamicNetworks } from '../../data/generate.js';
import { saveDatasetPickle } from '../../io/dataset-file.js';
import { pythonSkipReason, runPythonJson } from '../../io/pickle/testing.js';
import { assertOneLineFailure, runCli, withTempDir } from '../testing.js';

const quick = ['--epochs', '3', '--hidden', '4', '--quiet'];

test('train, detect and evaluate run end to end and agree with each other', async () => {
  await withTempDir('cli-model', (dir) => {
    const train = join(dir, 'train.pkl');
    const data = join(dir, 'test.pkl');
    saveDatasetPickle(train, generateDynamicNetworks({ cases: 40, steps: 4, nodes: 5, seed: 1 }));
    saveDatasetPickle(data, generateDynamicNetworks({ cases: 30, steps: 4, nodes: 5, seed: 2, ratio: 0.3 }));
    const model = join(dir, 'model.dsm');

    const trained = runCli(['train', '--data', train, '--model', model, ...quick, '--preset', 'paper', '--tolerance', '0']);
    assert.equal(trained.status, 0, trained.stderr);
    assert.match(trained.stdout, /^trained 3 epochs \(preset paper\) in .* ms\/epoch.*wrote /);
    assert.equal(trained.stderr, '');

    const out = join(dir, 'result.json');
    const pred = join(dir, 'pred.pkl');
    const detected = runCli(['detect', '--model', model, '--data', data, '--out', out, '--diff-out', pred, '--top', '4']);
    assert.equal(detected.status, 0, detected.stderr);
    const result = JSON.parse(readFileSync(out, 'utf8'));
    assert.equal(result.cases, 30);
    assert.equal(result.results.length, 30);
    assert.equal(result.threshold.rule, 'sphere');
    assert.equal(result.threshold.on, 'distance');
    const flagged = result.results.filter((r: { label: number }) => r.label === 1);
    assert.equal(flagged.length, result.flagged);
    assert.match(detected.stdout, new RegExp(`^30 cases, ${result.flagged} anomalous`));
    for (const r of result.results) {
      assert.deepEqual(Object.keys(r).slice(0, 5), ['index', 'score', 'distance', 'label', 'error']);
      assert.equal(r.label, r.distance > result.threshold.value ? 1 : 0);
      if (r.label === 1) {
        assert.equal(r.top.length, 4);
        assert.deepEqual(Object.keys(r.top[0]), ['t', 'i', 'j', 'observed', 'expected', 'deviation', 'z', 'anomalous']);
        assert.equal(r.nodeScores.length, 5);
        assert.equal(r.stepScores.length, 4);
      }
    }

    const evaluated = runCli(['evaluate', '--model', model, '--data', data, '--json']);
    assert.equal(evaluated.status, 0, evaluated.stderr);
    const metrics = JSON.parse(evaluated.stdout);
    assert.deepEqual(Object.keys(metrics), ['case', 'nested']);
    assert.deepEqual(Object.keys(metrics.case), ['accuracy', 'precision', 'recall', 'f1', 'rocAuc', 'prAuc']);
    assert.deepEqual(Object.keys(metrics.nested), ['rmse', 'rocAuc']);
    const labels = generateDynamicNetworks({ cases: 30, steps: 4, nodes: 5, seed: 2, ratio: 0.3 }).labels!;
    const correct = result.results.filter((r: { index: number; label: number }) => r.label === labels[r.index]).length;
    assert.equal(metrics.case.accuracy, correct / 30);

    const human = runCli(['evaluate', '--model', model, '--data', data]);
    assert.match(human.stdout, /^case level: +ROC-AUC \d\.\d{3}/);

    if (pythonSkipReason() === undefined) {
      const shape = runPythonJson<{ shape: number[]; dtype: string; first: number }>(
        'import json,pickle,sys; a=pickle.load(open(sys.argv[1],"rb")); print(json.dumps({"shape":list(a.shape),"dtype":str(a.dtype),"first":float(a.ravel()[0])}))',
        pred,
      );
      assert.deepEqual(shape.shape, [30, 4, 5, 5]);
      assert.equal(shape.dtype, 'float32');
      const first = result.results[0];
      assert.ok(Number.isFinite(shape.first) && Number.isFinite(first.distance));
    }
  });
});

test('bad inputs end in one line on stderr, a non-zero exit and no output file', async () => {
  await withTempDir('cli-model-bad', (dir) => {
    const train = join(dir, 'train.pkl');
    saveDatasetPickle(train, generateDynamicNetworks({ cases: 20, steps: 4, nodes: 5, seed: 1 }));
    const model = join(dir, 'model.dsm');
    assert.equal(runCli(['train', '--data', train, '--model', model, ...quick]).status, 0);
    const other = join(dir, 'other.pkl');
    saveDatasetPickle(other, generateDynamicNetworks({ cases: 5, steps: 3, nodes: 5, seed: 1 }));
    const broken = join(dir, 'broken.dsm');
    writeFileSync(broken, readFileSync(model).subarray(0, 100));
    const out = join(dir, 'out.json');

    assertOneLineFailure(runCli(['train', '--model', model]), /^deepsphere: --data: required/);
    assertOneLineFailure(runCli(['train', '--data', train, '--model', join(dir, 'x.dsm'), '--epochs', 'many']), /^deepsphere: --epochs: expected an integer >= 1, got 'many'/);
    assertOneLineFailure(runCli(['train', '--data', join(dir, 'missing.pkl'), '--model', join(dir, 'x.dsm')]), /missing\.pkl: no such file or directory/);
    assertOneLineFailure(runCli(['detect', '--model', model, '--data', other, '--out', out]), /other\.pkl: the model was trained on 4 steps x 5 nodes, the data has 3 steps x 5 nodes/);
    assertOneLineFailure(runCli(['detect', '--model', broken, '--data', train, '--out', out]), /broken\.dsm: truncated/);
    assertOneLineFailure(runCli(['evaluate', '--model', train, '--data', train]), /train\.pkl: not a deepsphere model file/);
    assertOneLineFailure(runCli(['detect', '--model', model, '--data', train, '--out', out, '--top', '-1']), /--top: expected an integer >= 0/);
    assertOneLineFailure(runCli(['detect', '--model', model, '--data', train, '--out', out, '--threshold', 'top:5']), /^deepsphere: --threshold: unknown rule, got 'top:5'/);
    assertOneLineFailure(runCli(['train', '--data', train, '--model', join(dir, 'x.dsm'), '--threshold', 'quantile:2']), /^deepsphere: --threshold: quantile needs a number in \(0, 1\)/);
    assertOneLineFailure(runCli(['train', '--data', train, '--model', join(dir, 'x.dsm'), '--preset', 'best']), /--preset/);
    assert.ok(!existsSync(out));
    assert.ok(!existsSync(join(dir, 'x.dsm')));
    assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.tmp')), []);
  });
});

test('the robust default: detect and evaluate honour a threshold given at detect time', async () => {
  await withTempDir('cli-robust', (dir) => {
    const train = join(dir, 'train.pkl');
    saveDatasetPickle(train, generateDynamicNetworks({ cases: 50, steps: 4, nodes: 5, seed: 1 }));
    const model = join(dir, 'model.dsm');
    const trained = runCli(['train', '--data', train, '--model', model, ...quick]);
    assert.equal(trained.status, 0, trained.stderr);
    assert.match(trained.stdout, /\(preset robust\)/);
    const out = join(dir, 'result.json');
    const detected = runCli(['detect', '--model', model, '--data', train, '--out', out, '--threshold', 'contamination:0.2']);
    assert.equal(detected.status, 0, detected.stderr);
    const result = JSON.parse(readFileSync(out, 'utf8'));
    assert.equal(result.threshold.rule, 'contamination:0.2');
    assert.equal(result.threshold.on, 'score');
    // on its own training data, a contamination rule flags about that share
    assert.ok(result.flagged >= 9 && result.flagged <= 11, `flagged ${result.flagged} of 50`);
    for (const r of result.results) assert.equal(r.label, r.score > result.threshold.value ? 1 : 0);
  });
});
