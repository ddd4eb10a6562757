import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateDynamicNetworks } from '../data/generate.js';
import { jsGemm } from '../engine/gemm-js.js';
import { evaluateBaseline } from './evaluate.js';
import { fitLstmAutoencoder } from './lstm-ae.js';

const shape = { steps: 4, nodes: 6, graphSeed: 5 };
const train = generateDynamicNetworks({ ...shape, cases: 200, seed: 1 });
const test_ = generateDynamicNetworks({ ...shape, cases: 100, seed: 2, magnitude: 1.0 });
const options = { epochs: 30, hidden: 8, gemm: jsGemm };

test('lstm-ae trains the network without its hypersphere and lowers the reconstruction error', async () => {
  const model = await fitLstmAutoencoder(train, options);
  assert.equal(model.config.caseScore, 'reconstruction');
  assert.equal(model.config.training.objective, 'reconstruction');
  assert.equal(model.threshold.rule, 'contamination:0.1');
  assert.ok(model.params.attention.every((v) => v === 0) && model.params.centre.every((v) => v === 0));
  assert.equal(model.radius, 1);
  const { loss } = model.history;
  assert.equal(loss.length, 30);
  // The loss is r^2 + lambda * MSE with r = 1 fixed.
  assert.ok(loss[29] - 1 < 0.85 * (loss[0] - 1), `loss ${loss[0]} -> ${loss[29]}`);
  const untrained = await fitLstmAutoencoder(train, { ...options, epochs: 1 });
  const meanError = (m: typeof model) => m.score(train, { gemm: jsGemm }).errors.reduce((a, b) => a + b, 0) / train.shape[0];
  assert.ok(meanError(model) < meanError(untrained));
  // About the contamination share of the training cases score above the threshold.
  const flagged = model.score(train, { gemm: jsGemm }).labels.reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(flagged - 20) <= 2, `${flagged} training cases flagged`);
});

test('lstm-ae scores the anomalous cases higher and locates their cells', async () => {
  const evaluation = await evaluateBaseline('lstm-ae', train, test_, options);
  assert.ok(evaluation.case.rocAuc! > 0.8, `case ROC-AUC ${evaluation.case.rocAuc}`);
  assert.ok(evaluation.nested.rocAuc! > 0.8, `nested ROC-AUC ${evaluation.nested.rocAuc}`);
  assert.ok(evaluation.case.f1! > 0);
});

test('lstm-ae refuses mismatched data before training, and a bad contamination', async () => {
  const other = generateDynamicNetworks({ ...shape, nodes: 5, cases: 10, seed: 3 });
  await assert.rejects(evaluateBaseline('lstm-ae', train, other, options), /training cases have 4 steps x 6 nodes, test cases 4 steps x 5 nodes/);
  await assert.rejects(fitLstmAutoencoder(train, { contamination: 0.7 }), /lstm-ae: contamination must be in \(0, 0.5\]/);
});
