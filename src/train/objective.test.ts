import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jsGemm } from '../engine/gemm-js.js';
import { Rng } from '../engine/random.js';
import { DeepSphereNetwork, initParams, paramTensors, zerosLike } from '../model/index.js';
import { isTrained, prepareParams } from './objective.js';

const B = 4;
const shape = { steps: 3, features: 4, hidden: 3 };

test("'reconstruction': the network's loss and gradients are plain MSE's, for every trained tensor", () => {
  const rng = new Rng(11);
  const params = initParams(shape, rng, Float64Array);
  prepareParams('reconstruction', params);
  const x = Float64Array.from({ length: B * shape.steps * shape.features }, () => rng.uniform(-1, 1));
  const network = new DeepSphereNetwork(params, B, jsGemm);
  // Plain MSE from the inference path alone: mean over cases of the mean squared cell error.
  const errors = new Float64Array(B);
  const mse = () => {
    network.forward(x, B, { errors });
    return errors.reduce((a, b) => a + b, 0) / B;
  };
  const grads = zerosLike(params);
  // lambda = B turns the paper's lambda mean_b (p_b e_b), with p_b = 1/B, into mean_b e_b.
  const { loss } = network.lossAndGradients(x, B, { gamma: 0.05, lambda: B, dropout: null }, grads);
  assert.ok(Math.abs(loss - (1 + mse())) < 1e-12, 'L = r^2 + MSE with r = 1');
  const analytic = paramTensors(grads);
  let checked = 0;
  paramTensors(params).forEach((tensor, ti) => {
    if (!isTrained('reconstruction', tensor)) return;
    for (let k = 0; k < tensor.data.length; k++) {
      const keep = tensor.data[k];
      tensor.data[k] = keep + 1e-6;
      const up = mse();
      tensor.data[k] = keep - 1e-6;
      const down = mse();
      tensor.data[k] = keep;
      assert.ok(Math.abs(analytic[ti].data[k] - (up - down) / 2e-6) < 1e-7, `${tensor.name}[${k}]`);
      checked++;
    }
  });
  assert.ok(checked > 100);
});

test("'reconstruction' pins the hypersphere's tensors and trains the rest; 'deepsphere' trains all", () => {
  const params = initParams(shape, new Rng(1));
  prepareParams('reconstruction', params);
  assert.ok(params.attention.every((v) => v === 0) && params.centre.every((v) => v === 0));
  assert.equal(params.radius[0], 1);
  const trained = (objective: 'deepsphere' | 'reconstruction') => paramTensors(params).filter((t) => isTrained(objective, t)).map((t) => t.name);
  assert.deepEqual(trained('reconstruction'), ['encoder.Wx', 'encoder.Wh', 'encoder.b', 'decoder.Wh', 'decoder.b', 'dense.W', 'dense.b']);
  assert.equal(trained('deepsphere').length, 10);
  const untouched = initParams(shape, new Rng(1));
  prepareParams('deepsphere', untouched);
  assert.deepEqual(untouched, initParams(shape, new Rng(1)));
});
