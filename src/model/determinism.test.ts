/**
 * Same seed => bit-identical parameters, and bit-identical loss, distances and gradients with
 * dropout on (float32, the production type). Also: the API's buffers and checks behave.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jsGemm } from '../engine/gemm-js.js';
import { Rng } from '../engine/random.js';
import { DeepSphereNetwork, type LossOptions } from './network.js';
import { initParams, type ModelShape, PARAM_NAMES, type Params, paramTensors, zerosLike } from './params.js';

const shape: ModelShape = { steps: 4, features: 16, hidden: 6 };
const B = 7;

function run(seed: number): { params: Params<Float32Array>; grads: Params<Float32Array>; loss: number; distances: number[] } {
  const rng = new Rng(seed);
  const params = initParams(shape, rng);
  const x = new Float32Array(B * shape.steps * shape.features);
  for (let k = 0; k < x.length; k++) x[k] = rng.next();
  const net = new DeepSphereNetwork(params, B, jsGemm);
  const grads = zerosLike(params);
  const options: LossOptions = { gamma: 0.05, lambda: 2.0, dropout: { keepProb: 0.9, rng } };
  net.lossAndGradients(x, B, options, grads); // the second call draws a new mask: the stream must match too
  const res = net.lossAndGradients(x, B, options, grads);
  return { params, grads, loss: res.loss, distances: Array.from(res.distances) };
}

function bits(p: Params<Float32Array>): Uint32Array[] {
  return paramTensors(p).map((t) => new Uint32Array(t.data.buffer.slice(t.data.byteOffset, t.data.byteOffset + t.data.byteLength)));
}

test('same seed gives bit-identical parameters, loss, distances and gradients (dropout on)', () => {
  const a = run(42);
  const b = run(42);
  assert.deepEqual(bits(a.params), bits(b.params));
  assert.ok(Object.is(a.loss, b.loss));
  assert.deepEqual(a.distances, b.distances);
  assert.deepEqual(bits(a.grads), bits(b.grads));
  const c = run(43);
  assert.notDeepEqual(bits(a.params), bits(c.params));
  assert.ok(Number.isFinite(a.loss) && a.loss > 0);
});

test('initialisation: layout, forget bias, radius, Glorot bounds, Float32Array by default', () => {
  const p = initParams(shape, new Rng(1));
  const { hidden: H, features: D } = shape;
  assert.deepEqual(paramTensors(p).map((t) => t.name), [...PARAM_NAMES]);
  assert.ok(p.encoder.Wx instanceof Float32Array);
  for (const b of [p.encoder.b, p.decoder.b]) {
    for (let k = 0; k < 4 * H; k++) assert.equal(b[k], k >= H && k < 2 * H ? 1 : 0);
  }
  assert.equal(p.radius[0], Math.fround(0.1));
  const bound = Math.sqrt(6 / (D + 4 * H));
  assert.ok(p.encoder.Wx.every((v) => Math.abs(v) <= bound));
  assert.ok(p.encoder.Wx.some((v) => Math.abs(v) > bound / 2));
});

test('forward: distances/errors agree with lossAndGradients; chunked scoring equals one batch', () => {
  const rng = new Rng(5);
  const params = initParams(shape, rng, Float64Array);
  const n = shape.steps * shape.features;
  const x = new Float64Array(B * n);
  for (let k = 0; k < x.length; k++) x[k] = rng.normal();
  const net = new DeepSphereNetwork(params, B, jsGemm);
  const res = net.lossAndGradients(x, B, { gamma: 0.05, lambda: 2, dropout: null }, zerosLike(params));
  const distances = new Float64Array(B);
  const errors = new Float64Array(B);
  const recon = new Float64Array(B * n);
  const z = new Float64Array(B * shape.hidden);
  net.forward(x, B, { distances, errors, reconstruction: recon });
  net.embed(x, B, z);
  assert.deepEqual(Array.from(distances), Array.from(res.distances));
  for (let b = 0; b < B; b++) {
    let acc = 0;
    for (let k = 0; k < n; k++) acc += (x[b * n + k] - recon[b * n + k]) ** 2;
    assert.ok(Math.abs(acc / n - errors[b]) < 1e-12);
    let dz = 0;
    for (let j = 0; j < shape.hidden; j++) dz += (z[b * shape.hidden + j] - params.centre[j]) ** 2;
    assert.ok(Math.abs(Math.sqrt(dz) - distances[b]) < 1e-12);
  }
  // scoring in chunks of 3 into views of the caller's buffers gives the same numbers
  const chunked = new Float64Array(B);
  const chunkedRecon = new Float64Array(B * n);
  for (let s = 0; s < B; s += 3) {
    const m = Math.min(3, B - s);
    net.forward(x.subarray(s * n, (s + m) * n), m, {
      distances: chunked.subarray(s, s + m), reconstruction: chunkedRecon.subarray(s * n, (s + m) * n),
    });
  }
  for (let b = 0; b < B; b++) assert.ok(Math.abs(chunked[b] - distances[b]) < 1e-12);
  for (let k = 0; k < recon.length; k++) assert.ok(Math.abs(chunkedRecon[k] - recon[k]) < 1e-12);
  assert.throws(() => net.forward(x, B + 1, { distances }), RangeError);
});
