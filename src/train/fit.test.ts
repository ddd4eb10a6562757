import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateDynamicNetworks } from '../data/generate.js';
import { jsGemm } from '../engine/gemm-js.js';
import { Rng } from '../engine/random.js';
import { initParams, paramTensors } from '../model/index.js';
import { fit } from './fit.js';
import { trainDeepSphere } from './trainer.js';
import { PAPER_OPTIONS } from './options.js';

const data = generateDynamicNetworks({ cases: 20, steps: 3, nodes: 4, seed: 1 });

test('a non-finite loss stops training and keeps the weights of the last good epoch', async () => {
  const shape = { steps: 3, features: 16, hidden: 3 };
  const options = { ...PAPER_OPTIONS, hidden: 3, epochs: 20, learningRate: 1e20 };
  const oneEpoch = await trainDeepSphere({ data: data.data, cases: 20, shape }, { ...options, epochs: 1 }, jsGemm);
  const blownUp = await trainDeepSphere({ data: data.data, cases: 20, shape }, options, jsGemm);
  assert.match(blownUp.history.stoppedEarly ?? '', /^the loss became non-finite in epoch 2; kept the weights after epoch 1$/);
  assert.equal(blownUp.history.loss.length, 1);
  assert.deepEqual(paramTensors(blownUp.params).map((t) => Array.from(t.data)), paramTensors(oneEpoch.params).map((t) => Array.from(t.data)));
  assert.ok(paramTensors(blownUp.params).every((t) => t.data.every(Number.isFinite)));
});

test('training moves the parameters away from their initial values and lowers the loss', async () => {
  const model = await fit(data, { epochs: 30, hidden: 3, learningRate: 1e-2, gemm: jsGemm });
  const initial = initParams({ steps: 3, features: 16, hidden: 3 }, new Rng(PAPER_OPTIONS.seed));
  assert.notDeepEqual(Array.from(model.params.encoder.Wx), Array.from(initial.encoder.Wx));
  const { loss } = model.history;
  assert.ok(loss[loss.length - 1] < loss[0], `loss ${loss[0]} -> ${loss[loss.length - 1]}`);
});
