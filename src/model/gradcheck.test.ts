/**
 * Finite-difference check of every analytic gradient of the DeepSphere loss, in float64, at tiny
 * sizes: every element of every parameter tensor, central differences. The radius is placed so the
 * hinge / case weights are active for some cases and not others (asserted), and also all-inside and
 * all-outside; plus one check with input dropout on (same seed, hence same mask, on both sides).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jsGemm } from '../engine/gemm-js.js';
import { Rng } from '../engine/random.js';
import { DeepSphereNetwork, type LossOptions } from './network.js';
import { initParams, type Params, paramTensors, zerosLike } from './params.js';

const B = 5;
const T = 3;
const N = 3;
const D = N * N;
const H = 4;
const EPS = 1e-6;
const TOL = 1e-5;

function setup(seed: number): { params: Params<Float64Array>; net: DeepSphereNetwork<Float64Array>; x: Float64Array } {
  const rng = new Rng(seed);
  const params = initParams({ steps: T, features: D, hidden: H }, rng, Float64Array);
  // spread the weights a little so the LSTMs are not near-linear and cases differ clearly
  for (const t of paramTensors(params)) if (t.name !== 'radius') for (let k = 0; k < t.data.length; k++) t.data[k] *= 1.5;
  const x = new Float64Array(B * T * D);
  for (let k = 0; k < x.length; k++) x[k] = rng.uniform(-1, 1);
  return { params, net: new DeepSphereNetwork(params, B, jsGemm), x };
}

function distances(net: DeepSphereNetwork<Float64Array>, x: Float64Array): number[] {
  const d = new Float64Array(B);
  net.forward(x, B, { distances: d });
  return Array.from(d);
}

/** Max over each tensor of |analytic - numeric| / max(max|numeric|, 1e-8); asserts each < TOL. */
function check(
  net: DeepSphereNetwork<Float64Array>, params: Params<Float64Array>, x: Float64Array,
  options: () => LossOptions, label: string,
): Record<string, number> {
  const grads = zerosLike(params);
  net.lossAndGradients(x, B, options(), grads);
  const scratch = zerosLike(params);
  const loss = () => net.lossAndGradients(x, B, options(), scratch).loss;
  const errors: Record<string, number> = {};
  const analytic = paramTensors(grads);
  paramTensors(params).forEach((tensor, ti) => {
    const data = tensor.data;
    const g = analytic[ti].data;
    let maxDiff = 0;
    let maxRef = 0;
    for (let k = 0; k < data.length; k++) {
      const keep = data[k];
      data[k] = keep + EPS;
      const up = loss();
      data[k] = keep - EPS;
      const down = loss();
      data[k] = keep;
      const numeric = (up - down) / (2 * EPS);
      maxDiff = Math.max(maxDiff, Math.abs(numeric - g[k]));
      maxRef = Math.max(maxRef, Math.abs(numeric));
    }
    const rel = maxDiff / Math.max(maxRef, 1e-8);
    errors[tensor.name] = rel;
    assert.ok(maxRef > 0, `${label} ${tensor.name}: gradient identically zero`);
    assert.ok(rel < TOL, `${label} ${tensor.name}: relative error ${rel.toExponential(2)} (max |diff| ${maxDiff.toExponential(2)}, max |grad| ${maxRef.toExponential(2)})`);
  });
  return errors;
}

const noDropout = (): LossOptions => ({ gamma: 0.05, lambda: 2.0, dropout: null });

test('gradients match central finite differences, radius between the cases (hinge mixed)', (t) => {
  const { params, net, x } = setup(11);
  const d = distances(net, x).sort((a, b) => a - b);
  // r between the 3rd and 4th nearest cases: 3 inside (case weights p active, >1 of them so the
  // normalisation matters), 2 outside (slack active); well away from every kink relative to EPS
  params.radius[0] = (d[2] + d[3]) / 2;
  const r = params.radius[0];
  const inside = d.filter((v) => v < r).length;
  const outside = d.filter((v) => v > r).length;
  assert.equal(inside, 3);
  assert.equal(outside, 2);
  assert.ok(Math.min(...d.map((v) => Math.abs(v - r))) > 1e-3, 'a case sits on the sphere');
  const errors = check(net, params, x, noDropout, 'mixed');
  t.diagnostic(`mixed: ${JSON.stringify(errors)}`);
});

test('gradients match finite differences with every case inside, and with every case outside', (t) => {
  const { params, net, x } = setup(12);
  const d = distances(net, x);
  params.radius[0] = Math.max(...d) + 0.3;
  assert.ok(distances(net, x).every((v) => v < params.radius[0]));
  t.diagnostic(`all inside: ${JSON.stringify(check(net, params, x, noDropout, 'inside'))}`);
  params.radius[0] = Math.min(...d) * 0.5;
  assert.ok(distances(net, x).every((v) => v > params.radius[0]));
  t.diagnostic(`all outside: ${JSON.stringify(check(net, params, x, noDropout, 'outside'))}`);
});

test('gradients match finite differences with input dropout on (fixed mask)', (t) => {
  const { params, net, x } = setup(13);
  const d = distances(net, x).sort((a, b) => a - b);
  params.radius[0] = (d[1] + d[2]) / 2;
  // keepProb well below 1 so the mask drops several values; a fresh Rng(7) per evaluation = same mask
  const options = (): LossOptions => ({ gamma: 0.05, lambda: 2.0, dropout: { keepProb: 0.7, rng: new Rng(7) } });
  const a = zerosLike(params);
  const b = zerosLike(params);
  const withDrop = net.lossAndGradients(x, B, options(), a).loss;
  const without = net.lossAndGradients(x, B, noDropout(), b).loss;
  assert.notEqual(withDrop, without, 'dropout changed nothing');
  t.diagnostic(`dropout: ${JSON.stringify(check(net, params, x, options, 'dropout'))}`);
});
