/**
 * Parity with the PyTorch reference (test/fixtures/parity.json, made by ref_deepsphere.py
 * --dump-parity in float64, dropout off): for the three radii (all outside, mixed, all inside) the
 * loss, distances, reconstruction and every gradient must match to 1e-4 relative, where the relative
 * error of a tensor is max|a - b| / max(max|b|, 1e-8) — in float64 AND in float32.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { Gemm } from '../engine/gemm.js';
import { engineTest } from '../engine/testing.js';
import { DeepSphereNetwork } from './network.js';
import { type FloatArrayConstructor, type Params, zeroParams, zerosLike } from './params.js';

interface LstmJson { Wx: number[]; Wh: number[]; b: number[]; dWx: number[]; dWh: number[]; db: number[] }
interface CaseJson {
  encoder: LstmJson; decoder: LstmJson;
  dense: { W: number[]; b: number[]; dW: number[]; db: number[] };
  attention: number[]; dAttention: number[]; centre: number[]; dCentre: number[];
  radius: number; dRadius: number; distance: number[]; loss: number; reconstruction: number[];
}
interface Fixture {
  config: { cases: number; steps: number; nodes: number; hidden: number; gamma: number; lambda: number };
  input: number[];
  cases_by_radius: Record<string, CaseJson>;
}

const fixture = JSON.parse(
  readFileSync(new URL('../../test/fixtures/parity.json', import.meta.url), 'utf8'),
) as Fixture;
const TOL = 1e-4;

function relError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let diff = 0;
  let ref = 0;
  for (let k = 0; k < b.length; k++) {
    diff = Math.max(diff, Math.abs(a[k] - b[k]));
    ref = Math.max(ref, Math.abs(b[k]));
  }
  return diff / Math.max(ref, 1e-8);
}

function loadParams(c: CaseJson, ctor: FloatArrayConstructor): Params {
  const { steps, nodes, hidden } = fixture.config;
  const p = zeroParams({ steps, features: nodes * nodes, hidden }, ctor as { new (n: number): Float64Array });
  p.encoder.Wx.set(c.encoder.Wx);
  p.encoder.Wh.set(c.encoder.Wh);
  p.encoder.b.set(c.encoder.b);
  p.decoder.Wh.set(c.decoder.Wh);
  p.decoder.b.set(c.decoder.b);
  p.dense.W.set(c.dense.W);
  p.dense.b.set(c.dense.b);
  p.attention.set(c.attention);
  p.centre.set(c.centre);
  p.radius[0] = c.radius;
  return p;
}

/** Every compared quantity's relative error for one radius in one array type. */
function compare(c: CaseJson, ctor: FloatArrayConstructor, gemm: Gemm): Record<string, number> {
  const { cases: B, steps: T, nodes, gamma, lambda } = fixture.config;
  const D = nodes * nodes;
  const params = loadParams(c, ctor);
  const net = new DeepSphereNetwork(params, B, gemm);
  const x = new ctor(fixture.input);
  const grads = zerosLike(params);
  const res = net.lossAndGradients(x, B, { gamma, lambda, dropout: null }, grads);
  const recon = new ctor(B * T * D);
  const dist = new ctor(B);
  net.forward(x, B, { reconstruction: recon, distances: dist });
  return {
    loss: relError([res.loss], [c.loss]),
    distances: relError(res.distances, c.distance),
    forwardDistances: relError(dist, c.distance),
    reconstruction: relError(recon, c.reconstruction),
    'encoder.dWx': relError(grads.encoder.Wx, c.encoder.dWx),
    'encoder.dWh': relError(grads.encoder.Wh, c.encoder.dWh),
    'encoder.db': relError(grads.encoder.b, c.encoder.db),
    'decoder.dWh': relError(grads.decoder.Wh, c.decoder.dWh),
    'decoder.db': relError(grads.decoder.b, c.decoder.db),
    'dense.dW': relError(grads.dense.W, c.dense.dW),
    'dense.db': relError(grads.dense.b, c.dense.db),
    dAttention: relError(grads.attention, c.dAttention),
    dCentre: relError(grads.centre, c.dCentre),
    dRadius: relError(grads.radius, [c.dRadius]),
  };
}

test('fixture: the three radii put all cases outside, some, and none; decoder dWx is all zeros', () => {
  const { r_small, r_mid, r_large } = fixture.cases_by_radius;
  assert.ok(r_small.distance.every((d) => d > r_small.radius));
  assert.ok(r_mid.distance.some((d) => d > r_mid.radius) && r_mid.distance.some((d) => d < r_mid.radius));
  assert.ok(r_large.distance.every((d) => d < r_large.radius));
  for (const c of Object.values(fixture.cases_by_radius)) assert.ok(c.decoder.dWx.every((v) => v === 0));
});

for (const [label, ctor] of [['float64', Float64Array], ['float32', Float32Array]] as const) {
  for (const name of ['r_small', 'r_mid', 'r_large']) {
    engineTest(`parity with the PyTorch reference, ${name}, ${label}`, (gemm, t) => {
      const errors = compare(fixture.cases_by_radius[name], ctor, gemm);
      const worst = Object.entries(errors).reduce((a, b) => (b[1] > a[1] ? b : a));
      t.diagnostic(`${label} ${name}: max rel ${worst[1].toExponential(2)} (${worst[0]}) ${JSON.stringify(errors)}`);
      for (const [key, err] of Object.entries(errors)) {
        assert.ok(err < TOL, `${label} ${name} ${key}: relative error ${err.toExponential(2)} >= ${TOL}`);
      }
    });
  }
}
