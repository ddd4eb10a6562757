import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateDynamicNetworks } from '../data/generate.js';
import { jsGemm } from '../engine/gemm-js.js';
import { Rng } from '../engine/random.js';
import { DeepSphereNetwork, initParams } from '../model/index.js';
import { centreOnMeanEmbedding } from './centre.js';
import { fit, resolveTrainOptions } from './fit.js';

const data = generateDynamicNetworks({ cases: 30, steps: 3, nodes: 4, seed: 1 });
const shape = { steps: 3, features: 16, hidden: 3 };

test('centreOnMeanEmbedding: c = mean of z over all cases, whatever the chunk size', () => {
  const params = initParams(shape, new Rng(4));
  const network = new DeepSphereNetwork(params, 30, jsGemm);
  const z = new Float32Array(30 * 3);
  network.embed(data.data, 30, z);
  const expected = [0, 1, 2].map((j) => z.filter((_, k) => k % 3 === j).reduce((a, b) => a + b, 0) / 30);
  centreOnMeanEmbedding(network, data.data, 30, 7);
  for (let j = 0; j < 3; j++) assert.ok(Math.abs(params.centre[j] - expected[j]) < 1e-6);
});

test("centre 'fixed' keeps c at the initial mean embedding through training; 'learned' and 'mean' move it", async () => {
  const options = { epochs: 5, hidden: 3, standardize: false, keepProb: 1, gemm: jsGemm } as const;
  const fixed = await fit(data, { ...options, centre: 'fixed' });
  const initial = new DeepSphereNetwork(initParams(shape, new Rng(resolveTrainOptions({}).seed)), 30, jsGemm);
  centreOnMeanEmbedding(initial, data.data, 30, 30);
  assert.deepEqual(Array.from(fixed.params.centre), Array.from(initial.params.centre));
  assert.equal(fixed.config.training.centre, 'fixed');
  const learned = await fit(data, { ...options, centre: 'learned' });
  assert.notDeepEqual(Array.from(learned.params.centre), Array.from(initial.params.centre));
  // 'mean' starts where 'fixed' stays, then learns: after one epoch it is near there, not at the random start
  const oneEpoch = { ...options, epochs: 1 };
  const mean = await fit(data, { ...oneEpoch, centre: 'mean' });
  const random = await fit(data, { ...oneEpoch, centre: 'learned' });
  const distance = (a: Float32Array, b: Float32Array) => Math.hypot(...Array.from(a, (v, j) => v - b[j]));
  assert.notDeepEqual(Array.from(mean.params.centre), Array.from(initial.params.centre));
  assert.ok(distance(mean.params.centre, initial.params.centre) < distance(random.params.centre, initial.params.centre));
  assert.throws(() => resolveTrainOptions({ centre: 'median' as 'fixed' }), /centre: expected one of learned, mean, fixed, got 'median'/);
});
