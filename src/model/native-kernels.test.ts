/** The engine's native element-wise kernels (native/lstm-cell.c, native/residual.c) against the JS ones they replace. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Gemm } from '../engine/gemm.js';
import { jsGemm } from '../engine/gemm-js.js';
import { loadOpenblasGemm, openblasUnavailableReason } from '../engine/gemm-openblas.js';
import { Rng } from '../engine/random.js';
import { LargestValues } from '../engine/stats.js';
import { loadInput } from './input.js';
import { lstmBackward, lstmForward } from './lstm.js';
import { residualPass, writeReconstruction } from './reconstruction.js';

const openblas = loadOpenblasGemm();
const skip = openblas?.kernels ? false : openblas ? 'the addon predates the native cell kernel' : openblasUnavailableReason();

function run(gemm: Gemm, T: number, B: number, H: number, seed: number) {
  const rng = new Rng(seed);
  const G = 4 * H;
  const fill = (n: number, scale: number) => Float32Array.from({ length: n }, () => scale * rng.normal());
  const Wh = fill(H * G, 0.5);
  const bias = fill(G, 1);
  const gates = fill(T * B * G, 3); // wide pre-activations: saturated and linear regions alike
  const h = new Float32Array((T + 1) * B * H);
  const c = new Float32Array((T + 1) * B * H);
  h.set(fill(B * H, 1));
  c.set(fill(B * H, 2));
  const tc = new Float32Array(T * B * H);
  lstmForward(gemm, T, B, H, Wh, bias, gates, h, c, tc, { gatesHoldInput: true, h0IsZero: false });
  return { gates, h, c, tc };
}

test('native cell step: same activations, states and tanh(c) as the JS kernel, to float32 rounding', { skip }, () => {
  // the same (JS) GEMM for both, so only the cell kernel differs
  const native: Gemm = { name: 'js+native-cell', sgemm: jsGemm.sgemm, kernels: openblas!.kernels };
  for (const [T, B, H, seed] of [[6, 7, 5, 1], [3, 33, 30, 2], [2, 1, 1, 3]]) {
    const expected = run(jsGemm, T, B, H, seed);
    const got = run(native, T, B, H, seed);
    for (const key of ['gates', 'h', 'c', 'tc'] as const) {
      let worst = 0;
      for (let k = 0; k < expected[key].length; k++) {
        worst = Math.max(worst, Math.abs(got[key][k] - expected[key][k]) / Math.max(1, Math.abs(expected[key][k])));
      }
      assert.ok(worst <= 2.5e-7, `T=${T} B=${B} H=${H} ${key}: worst relative difference ${worst}`);
    }
  }
});

test('native cell step refuses arrays too small for B x H at their offsets (no out-of-bounds writes)', { skip }, () => {
  const cell = openblas!.kernels!.cellForward;
  const f = (n: number) => new Float32Array(n);
  const [B, H] = [4, 3];
  cell(B, H, f(4 * H), f(B * 4 * H), 0, f(2 * B * H), 0, B * H, f(B * H), f(2 * B * H)); // fits exactly
  assert.throws(() => cell(B, H, f(4 * H), f(B * 4 * H), 1, f(2 * B * H), 0, B * H, f(B * H), f(2 * B * H)), RangeError);
  assert.throws(() => cell(B, H, f(4 * H), f(B * 4 * H), 0, f(2 * B * H - 1), 0, B * H, f(B * H), f(2 * B * H)), RangeError);
  assert.throws(() => cell(B, H, f(4 * H - 1), f(B * 4 * H), 0, f(2 * B * H), 0, B * H, f(B * H), f(2 * B * H)), RangeError);
  assert.throws(() => cell(B, H, f(4 * H), f(B * 4 * H), 0, f(2 * B * H), 0, B * H, f(B * H), f(2 * B * H - 1)), RangeError);
  assert.throws(() => cell(B, H, f(4 * H), new Float64Array(B * 4 * H) as unknown as Float32Array, 0, f(2 * B * H), 0, B * H, f(B * H), f(2 * B * H)), RangeError);
});

function worstRelative(got: ArrayLike<number>, expected: ArrayLike<number>): number {
  let worst = 0;
  for (let k = 0; k < expected.length; k++) worst = Math.max(worst, Math.abs(got[k] - expected[k]) / Math.max(1e-3, Math.abs(expected[k])));
  return worst;
}

test('native residual pass: same dL/dX^, errors and dense bias gradient as the JS pass', { skip }, () => {
  const kernels = openblas!.kernels!;
  const rng = new Rng(5);
  for (const [T, B, D] of [[3, 4, 5], [7, 13, 37], [1, 1, 1]]) {
    const n = T * B * D;
    const x = Float32Array.from({ length: n }, () => rng.normal());
    const y0 = Float32Array.from({ length: n }, () => rng.normal());
    const bias = Float32Array.from({ length: D }, () => rng.normal());
    const dLde = Float64Array.from({ length: B }, () => rng.uniform(0, 2));
    const run = (k: typeof kernels | undefined) => {
      const Y = Float32Array.from(y0);
      const e = new Float64Array(B);
      const db = new Float32Array(D);
      residualPass(T, B, D, x, Y, bias, dLde, e, db, new Float64Array(D), k);
      return { Y, e, db };
    };
    const expected = run(undefined);
    const got = run(kernels);
    assert.ok(worstRelative(got.Y, expected.Y) <= 2.5e-7, `T=${T} B=${B} D=${D} dL/dX^`);
    assert.ok(worstRelative(got.e, expected.e) <= 1e-12, `T=${T} B=${B} D=${D} e`);
    assert.ok(worstRelative(got.db, expected.db) <= 2.5e-7, `T=${T} B=${B} D=${D} db`);
  }
});

test('native error pass: same errors and tail errors (mean of the k largest squared residuals) as the JS pass', { skip }, () => {
  const kernels = openblas!.kernels!;
  const rng = new Rng(6);
  for (const [T, B, D, k] of [[3, 4, 5, 2], [5, 9, 40, 2], [2, 3, 4, 8], [1, 2, 3, 1]]) {
    const n = T * B * D;
    const x = Float32Array.from({ length: n }, () => (rng.next() < 0.1 ? 5 : 1) * rng.normal());
    const Y = Float32Array.from({ length: n }, () => rng.normal());
    const bias = Float32Array.from({ length: D }, () => rng.normal());
    const run = (nk: typeof kernels | undefined) => {
      const errors = new Float64Array(B);
      const tails = { out: new Float64Array(B), largest: new LargestValues(k) };
      writeReconstruction(T, B, D, Y, bias, undefined, x, errors, tails, nk);
      const errorsOnly = new Float64Array(B);
      writeReconstruction(T, B, D, Y, bias, undefined, x, errorsOnly, undefined, nk);
      return { errors, tails: tails.out, errorsOnly };
    };
    const expected = run(undefined);
    const got = run(kernels);
    for (const key of ['errors', 'tails', 'errorsOnly'] as const) {
      assert.ok(worstRelative(got[key], expected[key]) <= 1e-12, `T=${T} B=${B} D=${D} k=${k} ${key}: ${got[key]} vs ${expected[key]}`);
    }
  }
});

test('native residual kernels refuse undersized or mistyped arrays', { skip }, () => {
  const { residualPass: pass, residualErrors: errors } = openblas!.kernels!;
  const [T, B, D] = [2, 3, 4];
  const f32 = (n: number) => new Float32Array(n);
  const f64 = (n: number) => new Float64Array(n);
  const n = T * B * D;
  pass(T, B, D, f32(n), f32(n), f32(D), f64(B), f64(B), f64(D));
  assert.throws(() => pass(T, B, D, f32(n - 1), f32(n), f32(D), f64(B), f64(B), f64(D)), RangeError);
  assert.throws(() => pass(T, B, D, f32(n), f32(n), f32(D), f64(B), f64(B - 1), f64(D)), RangeError);
  assert.throws(() => pass(T, B, D, f32(n), f32(n), f32(D), f32(B) as unknown as Float64Array, f64(B), f64(D)), RangeError);
  errors(T, B, D, f32(n), f32(n), f32(D), null, f64(B), 3, f64(3));
  assert.throws(() => errors(T, B, D, f32(n), f32(n - 1), f32(D), null, f64(B), 3, f64(3)), RangeError);
  assert.throws(() => errors(T, B, D, f32(n), f32(n), f32(D), null, f64(B), 3, f64(2)), RangeError);
  assert.throws(() => errors(T, B, D, f32(n), f32(n), f32(D), null, f64(B), T * D + 1, f64(T * D + 1)), RangeError);
  assert.throws(() => errors(T, B, D, f32(n), f32(n), f32(D), f64(B - 1), null, 1, f64(1)), RangeError);
});

test('native input copy: the same time-major input, dropout mask and scaling as the JS copy, bit for bit', { skip }, () => {
  const kernels = openblas!.kernels!;
  const [B, T, D] = [9, 4, 25];
  const rng = new Rng(8);
  const x = Float32Array.from({ length: B * T * D }, () => rng.normal());
  for (const keepProb of [1, 0.98, 0.7]) {
    const js = new Float32Array(B * T * D);
    const native = new Float32Array(B * T * D);
    loadInput(x, B, T, D, js, { keepProb, rng: new Rng(4) });
    loadInput(x, B, T, D, native, { keepProb, rng: new Rng(4) }, kernels);
    assert.deepEqual(native, js, `keepProb ${keepProb}`);
  }
  assert.throws(() => kernels.transposeInput(B, T, D, x, new Float32Array(B * T * D - 1), 1), RangeError);
});

test('native cell backward: same dL/dpre, carries and gradients as the JS kernel', { skip }, () => {
  const native: Gemm = { name: 'js+native-cell', sgemm: jsGemm.sgemm, kernels: openblas!.kernels };
  for (const [T, B, H, seed] of [[5, 6, 4, 1], [3, 17, 30, 2]]) {
    const forward = run(jsGemm, T, B, H, seed);
    const rng = new Rng(seed + 10);
    const G = 4 * H;
    const fill = (n: number) => Float32Array.from({ length: n }, () => rng.normal());
    const Wh = fill(H * G);
    const dhExt = fill(T * B * H);
    const dhRec0 = fill(B * H);
    const dc0 = fill(B * H);
    const backward = (gemm: Gemm) => {
      const out = { dPre: new Float32Array(T * B * G), dhRec: Float32Array.from(dhRec0), dc: Float32Array.from(dc0), dWh: new Float32Array(H * G), db: new Float32Array(G) };
      lstmBackward(gemm, T, B, H, Wh, forward.gates, forward.h, forward.c, forward.tc, dhExt, out.dPre, out.dhRec, out.dc, out.dWh, out.db,
        new Float64Array(G), { h0IsZero: false, needInitialGrad: true });
      return out;
    };
    const expected = backward(jsGemm);
    const got = backward(native);
    for (const key of ['dPre', 'dhRec', 'dc', 'dWh', 'db'] as const) {
      assert.ok(worstRelative(got[key], expected[key]) <= 2.5e-7, `T=${T} B=${B} H=${H} ${key}`);
    }
  }
  const f = (n: number) => new Float32Array(n);
  assert.throws(() => openblas!.kernels!.cellBackward(2, 3, f(24), f(24), 1, f(6), f(6), 0, f(6), f(6), f(6), new Float64Array(12)), RangeError);
});
