/** The memory guard: the estimate matches what the network allocates, and over-budget runs are refused up front, in one line. */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli, withTempDir } from '../cli/testing.js';
import { generateDynamicNetworks } from '../data/generate.js';
import { jsGemm } from '../engine/gemm-js.js';
import { Rng } from '../engine/random.js';
import { UserError } from '../errors.js';
import { saveDatasetPickle } from '../io/dataset-file.js';
import { fit } from '../train/fit.js';
import { DeepSphereNetwork } from './network.js';
import { initParams, paramTensors } from './params.js';
import { checkWorkingSet, networkBytes, parameterValues, scoringWorkingSet, trainingWorkingSet } from './working-set.js';

const shape = { steps: 5, features: 16, hidden: 3 };

test('networkBytes is exactly what a float32 network allocates; parameterValues counts every parameter', () => {
  const params = initParams(shape, new Rng(1));
  const network = new DeepSphereNetwork(params, 7, jsGemm);
  const allocated = Object.values(network)
    .filter((v): v is Float32Array | Float64Array => v instanceof Float32Array || v instanceof Float64Array)
    .reduce((sum, v) => sum + v.byteLength, 0);
  assert.equal(networkBytes(shape, 7), allocated);
  assert.equal(parameterValues(shape), paramTensors(params).reduce((sum, t) => sum + t.data.length, 0));
});

test('working sets grow with the data, the batch and the kept residuals', () => {
  const full = trainingWorkingSet({ shape, cases: 100, batchSize: 0, standardize: false });
  const mini = trainingWorkingSet({ shape, cases: 100, batchSize: 10, standardize: false });
  assert.ok(mini.total < full.total);
  assert.ok(trainingWorkingSet({ shape, cases: 100, batchSize: 0, standardize: true }).total > full.total);
  assert.ok(scoringWorkingSet(shape, 100, 10, true).total > scoringWorkingSet(shape, 100, 10, false).total);
  assert.equal(full.parts.data, 100 * 5 * 16 * 4);
});

test('checkWorkingSet passes within the budget and refuses over it, naming --max-memory and the estimate', () => {
  const estimate = { total: 3 * 2 ** 20, parts: { data: 2 ** 20, activations: 2 * 2 ** 20 } };
  checkWorkingSet('training', estimate, 4 * 2 ** 20, 'advice');
  assert.throws(() => checkWorkingSet('training', estimate, 2 ** 20, 'use less'), (error: unknown) => {
    assert.ok(error instanceof UserError);
    assert.equal(error.message, 'training needs about 3.0 MiB (data 1.0 MiB, activations 2.0 MiB), over the --max-memory budget of 1.0 MiB; use less');
    return true;
  });
});

test('fit and scoring refuse an over-budget run before allocating it', async () => {
  const dataset = generateDynamicNetworks({ cases: 20, steps: 4, nodes: 5, seed: 1 });
  await assert.rejects(fit(dataset, { preset: 'paper', epochs: 1, maxMemoryBytes: 2 ** 20 }), /^UserError: training \(M=20, T=4, N=5, batch 20\) needs about .* over the --max-memory budget of 1\.0 MiB/);
  const model = await fit(dataset, { preset: 'paper', epochs: 1, hidden: 3 });
  assert.throws(() => model.score(dataset, { maxMemoryBytes: 2 ** 20 }), /^UserError: scoring \(M=20, T=4, N=5, chunks of 256\) needs about/);
  assert.throws(() => model.score(dataset, { residuals: true, maxMemoryBytes: 2 ** 20 }), /residuals .*leave out the full residual output/);
  assert.equal(model.score(dataset).distances.length, 20);
});

test('train --max-memory: parsed like 512M, refused in one line when the run would not fit', async () => {
  await withTempDir('max-memory', (dir) => {
    const data = join(dir, 'train.pkl');
    saveDatasetPickle(data, generateDynamicNetworks({ cases: 20, steps: 4, nodes: 5, seed: 1 }));
    const model = join(dir, 'model.dsm');
    const refused = runCli(['train', '--data', data, '--model', model, '--epochs', '1', '--quiet', '--max-memory', '1m']);
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /training \(M=20, T=4, N=5, batch 20\) needs about .* over the --max-memory budget of 1\.0 MiB; use a smaller --batch-size/);
    assert.equal(refused.stderr.trim().split('\n').length, 1);
    const bad = runCli(['train', '--data', data, '--model', model, '--max-memory', 'lots']);
    assert.match(bad.stderr, /--max-memory: cannot parse 'lots'/);
    const ok = runCli(['train', '--data', data, '--model', model, '--epochs', '1', '--quiet', '--max-memory', '512M']);
    assert.equal(ok.status, 0, ok.stderr);
  });
});
