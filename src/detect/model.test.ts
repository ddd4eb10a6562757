/**
 * The public model API: fit -> score / detect -> save -> loadModel, on small generated data.
 * Pins: determinism by seed, save/load round trip (bit for bit), cross-engine loading, chunked
 * scoring = one pass, the labelling rule, named nested answers, refusal of bad model files.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { generateDynamicNetworks } from '../data/generate.js';
import { jsGemm } from '../engine/gemm-js.js';
import { engineTest } from '../engine/testing.js';
import { UserError } from '../errors.js';
import { paramTensors } from '../model/index.js';
import { withTempDir } from '../cli/testing.js';
import { fit } from '../train/fit.js';
import { loadModel, type DeepSphereModel } from './model.js';
import { stepStartTime } from './times.js';

const train = generateDynamicNetworks({ cases: 60, steps: 5, nodes: 6, seed: 11 });
const test_ = generateDynamicNetworks({ cases: 25, steps: 5, nodes: 6, seed: 12 });
const small = { preset: 'paper', epochs: 4, hidden: 5, batchSize: 16, gemm: jsGemm } as const;

function bits(model: DeepSphereModel): number[][] {
  return paramTensors(model.params).map((t) => Array.from(new Uint32Array(t.data.buffer, t.data.byteOffset, t.data.length)));
}

test('fit is deterministic by seed and records config, history and engine', async () => {
  const a = await fit(train, small);
  const b = await fit(train, small);
  const c = await fit(train, { ...small, seed: 7 });
  assert.deepEqual(bits(a), bits(b));
  assert.notDeepEqual(bits(a), bits(c));
  assert.equal(a.history.loss.length, 4);
  assert.equal(a.history.radius.length, 4);
  assert.ok(a.history.loss.every(Number.isFinite));
  assert.equal(a.history.engine, 'js (portable, 1 thread)');
  assert.deepEqual({ steps: a.config.steps, nodes: a.config.nodes, hidden: a.config.hidden, tolerance: a.config.tolerance }, { steps: 5, nodes: 6, hidden: 5, tolerance: 0.1 });
  assert.equal(a.config.preset, 'paper');
  assert.equal(a.config.threshold, 'sphere');
  assert.equal(a.config.training.epochs, 4);
  assert.equal(a.config.training.batchSize, 16);
});

test('fit ignores labels and diff (unsupervised)', async () => {
  const unlabelled = { data: train.data, shape: train.shape };
  assert.deepEqual(bits(await fit(unlabelled, small)), bits(await fit(train, small)));
});

test('fit refuses bad options naming the option', async () => {
  await assert.rejects(fit(train, { epochs: 0 }), (e: unknown) => e instanceof UserError && /^epochs: expected an integer >= 1/.test(e.message));
  await assert.rejects(fit(train, { keepProb: 1.5 }), (e: unknown) => e instanceof UserError && /^keepProb/.test(e.message));
});

test('score: labels follow d > r (1 + tolerance), scores are d - r, chunking changes nothing', async () => {
  const model = await fit(train, small);
  const whole = model.score(test_, { chunkSize: 1000, residuals: true, gemm: jsGemm });
  const chunked = model.score(test_, { chunkSize: 7, residuals: true, gemm: jsGemm });
  assert.deepEqual(Array.from(chunked.distances), Array.from(whole.distances));
  assert.deepEqual(Array.from(chunked.residuals!), Array.from(whole.residuals!));
  const r = model.radius;
  for (let k = 0; k < 25; k++) {
    assert.equal(whole.scores[k], whole.distances[k] - r);
    assert.equal(whole.labels[k], whole.distances[k] > r * 1.1 ? 1 : 0);
    assert.ok(whole.errors[k] > 0);
  }
  // errors are the mean of the squared residuals
  const caseSize = 5 * 36;
  let sum = 0;
  for (let c = 0; c < caseSize; c++) sum += whole.residuals![c] ** 2;
  assert.ok(Math.abs(sum / caseSize - whole.errors[0]) < 1e-6 * whole.errors[0]);
});

test('save -> loadModel round-trips bit for bit, and the loaded model scores the same', async () => {
  const model = await fit(train, small);
  await withTempDir('model', (dir) => {
    const path = join(dir, 'm.dsm');
    model.save(path);
    const loaded = loadModel(path);
    assert.deepEqual(bits(loaded), bits(model));
    assert.deepEqual(loaded.config, model.config);
    assert.deepEqual(loaded.history, model.history);
    assert.deepEqual(Array.from(loaded.score(test_, { gemm: jsGemm }).distances), Array.from(model.score(test_, { gemm: jsGemm }).distances));
  });
});

engineTest('a model trained with this engine scores the same with the JS engine', async (gemm) => {
  const model = await fit(train, { ...small, gemm });
  await withTempDir('model', (dir) => {
    const path = join(dir, 'm.dsm');
    model.save(path);
    const viaJs = loadModel(path).score(test_, { gemm: jsGemm });
    const viaEngine = model.score(test_, { gemm });
    for (let k = 0; k < 25; k++) assert.ok(Math.abs(viaJs.distances[k] - viaEngine.distances[k]) <= 1e-5 * (1 + viaEngine.distances[k]));
  });
});

test('corrupted, truncated and foreign model files are refused with one line naming the file', async () => {
  const model = await fit(train, small);
  await withTempDir('model', (dir) => {
    const path = join(dir, 'm.dsm');
    model.save(path);
    const bytes = readFileSync(path);
    const cases: [string, Uint8Array, RegExp][] = [
      ['truncated', bytes.subarray(0, bytes.length - 10), /truncated/],
      ['flipped', Uint8Array.from(bytes, (v, k) => (k === bytes.length - 3 ? v ^ 1 : v)), /corrupted/],
      ['foreign', Buffer.from('{"not": "a model"}'), /not a deepsphere model file/],
    ];
    for (const [name, content, pattern] of cases) {
      const bad = join(dir, `${name}.dsm`);
      writeFileSync(bad, content);
      assert.throws(() => loadModel(bad), (e: unknown) => {
        assert.ok(e instanceof UserError, name);
        assert.ok(e.message.startsWith(bad), e.message);
        assert.match(e.message, pattern);
        assert.ok(!e.message.includes('\n'));
        return true;
      });
    }
  });
});

test('data of another shape is refused, naming the source', async () => {
  const model = await fit(train, small);
  const other = generateDynamicNetworks({ cases: 5, steps: 4, nodes: 6, seed: 1 });
  assert.throws(() => model.checkCompatible(other, 'other.pkl'), { message: /^other\.pkl: the model was trained on 5 steps x 6 nodes, the data has 4 steps x 6 nodes$/ });
  assert.throws(() => model.score(other), UserError);
});

test('detect: nested answers for anomalous cases only, named by the data', async () => {
  const model = await fit(train, { ...small, tolerance: 0 });
  const names = ['a', 'b', 'c', 'd', 'e', 'f'];
  const times = Array.from({ length: 25 }, (_, k) => new Date(Date.UTC(2001, 0, 1 + k)).toISOString());
  const detection = model.detect({ ...test_, nodeNames: names, caseTimes: times, stepSeconds: 3600 }, { top: 3, gemm: jsGemm });
  assert.equal(detection.threshold.rule, 'sphere');
  assert.equal(detection.threshold.value, model.radius);
  const scores = model.score(test_, { gemm: jsGemm, residuals: true });
  assert.equal(detection.results.length, 25);
  assert.equal(detection.flagged, scores.labels.reduce((a, b) => a + b, 0));
  assert.ok(detection.flagged > 0, 'tolerance 0 should flag some cases');
  for (const r of detection.results) {
    assert.equal(r.label, scores.labels[r.index]);
    assert.equal(r.time, times[r.index]);
    if (r.label === 0) {
      assert.equal(r.top, undefined);
      continue;
    }
    assert.equal(r.top!.length, 3);
    assert.equal(r.nodeScores!.length, 6);
    assert.equal(r.stepScores!.length, 5);
    const first = r.top![0];
    assert.equal(first.source, names[first.i]);
    assert.equal(first.target, names[first.j]);
    assert.equal(first.time, stepStartTime(times[r.index], first.t, 3600));
    assert.equal(first.z, model.cellScore((first.t * 6 + first.i) * 6 + first.j, first.deviation));
    assert.ok(r.cellCutoff! >= model.config.cellThreshold);
    assert.equal(first.anomalous, Math.abs(first.z) > r.cellCutoff!);
    assert.ok(r.anomalousCells! >= r.top!.filter((cell) => cell.anomalous).length);
    assert.ok(Math.abs(first.deviation - (first.observed - first.expected)) < 1e-12);
    assert.ok(Math.abs(first.deviation) >= Math.abs(r.top![2].deviation));
    // the step scores add up to the case's total absolute residual
    const caseSize = 5 * 36;
    let expectedTotal = 0;
    for (let c = 0; c < caseSize; c++) expectedTotal += Math.abs(scores.residuals![r.index * caseSize + c]);
    const total = r.stepScores!.reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(total - expectedTotal) <= 1e-4 * expectedTotal, `${total} vs ${expectedTotal}`);
  }
});

test('robust preset: standardised inputs, a calibrated average score, thresholds resolved on training scores', async () => {
  const model = await fit(train, { epochs: 3, hidden: 5, gemm: jsGemm });
  assert.equal(model.config.preset, 'robust');
  assert.equal(model.config.caseScore, 'average');
  assert.equal(model.config.threshold, 'zscore:5');
  assert.ok(model.scaling && model.scaling.scale.every((s) => s > 0));
  assert.equal(model.calibration.trainingScores.length, 60);
  // the training scores are what scoring the training data gives
  const own = model.score(train, { gemm: jsGemm });
  for (let k = 0; k < 60; k++) assert.ok(Math.abs(own.scores[k] - model.calibration.trainingScores[k]) < 1e-4 * (1 + Math.abs(own.scores[k])));
  // scores on test data: labels are score > the resolved cut
  const scored = model.score(test_, { gemm: jsGemm, residuals: true });
  assert.equal(model.threshold.on, 'score');
  for (let k = 0; k < 25; k++) assert.equal(scored.labels[k], scored.scores[k] > model.threshold.value ? 1 : 0);
  // reconstruction comes back in the data's units: residual = observed - expected there
  const plain = model.detect(test_, { top: 1, gemm: jsGemm });
  for (const r of plain.results.filter((c) => c.label === 1)) {
    const cell = r.top![0];
    const index = r.index * 180 + (cell.t * 6 + cell.i) * 6 + cell.j;
    assert.ok(Math.abs(scored.residuals![index] - cell.deviation) < 1e-5);
    assert.equal(cell.observed, test_.data[index]);
  }
  // a contamination threshold flags that share of the training cases
  const tenPercent = model.withThreshold('contamination:0.1');
  const flagged = tenPercent.score(train, { gemm: jsGemm }).labels.reduce((a, b) => a + b, 0);
  assert.ok(flagged >= 5 && flagged <= 7, `flagged ${flagged} of 60`);
  // all of it survives save/load
  await withTempDir('model', (dir) => {
    const path = join(dir, 'robust.dsm');
    tenPercent.save(path);
    const loaded = loadModel(path);
    assert.equal(loaded.config.threshold, 'contamination:0.1');
    assert.deepEqual(Array.from(loaded.score(test_, { gemm: jsGemm }).scores), Array.from(tenPercent.score(test_, { gemm: jsGemm }).scores));
  });
});

test('detect --explain: the n highest-scoring cases are explained too, flagged or not', async () => {
  // A tolerance no case reaches: nothing is flagged, so only --explain asks for nested answers.
  const model = await fit(train, { ...small, tolerance: 1e6 });
  const scores = model.score(test_, { gemm: jsGemm });
  const ranked = Array.from(scores.scores.keys()).sort((a, b) => scores.scores[b] - scores.scores[a]);
  assert.equal(model.detect(test_, { gemm: jsGemm }).results.filter((r) => r.top !== undefined).length, 0);
  const detection = model.detect(test_, { top: 2, explain: 4, chunkSize: 6, gemm: jsGemm });
  assert.equal(detection.flagged, 0);
  const explained = detection.results.filter((r) => r.top !== undefined);
  assert.deepEqual(new Set(explained.map((r) => r.index)), new Set(ranked.slice(0, 4)));
  for (const r of explained) {
    assert.equal(r.top!.length, 2);
    assert.equal(r.stepScores!.length, 5);
  }
  assert.throws(() => model.detect(test_, { explain: -1 }), RangeError);
});
