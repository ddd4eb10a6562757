/** The engine's native LSTM cell step (native/lstm-cell.c) against the JS kernel it replaces. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Gemm } from '../engine/gemm.js';
import { jsGemm } from '../engine/gemm-js.js';
import { loadOpenblasGemm, openblasUnavailableReason } from '../engine/gemm-openblas.js';
import { Rng } from '../engine/random.js';
import { lstmForward } from './lstm.js';

const openblas = loadOpenblasGemm();
const skip = openblas?.cellForward ? false : openblas ? 'the addon predates the native cell kernel' : openblasUnavailableReason();

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
  const native: Gemm = { name: 'js+native-cell', sgemm: jsGemm.sgemm, cellForward: openblas!.cellForward };
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
  const cell = openblas!.cellForward!;
  const f = (n: number) => new Float32Array(n);
  const [B, H] = [4, 3];
  cell(B, H, f(4 * H), f(B * 4 * H), 0, f(2 * B * H), 0, B * H, f(B * H), f(2 * B * H)); // fits exactly
  assert.throws(() => cell(B, H, f(4 * H), f(B * 4 * H), 1, f(2 * B * H), 0, B * H, f(B * H), f(2 * B * H)), RangeError);
  assert.throws(() => cell(B, H, f(4 * H), f(B * 4 * H), 0, f(2 * B * H - 1), 0, B * H, f(B * H), f(2 * B * H)), RangeError);
  assert.throws(() => cell(B, H, f(4 * H - 1), f(B * 4 * H), 0, f(2 * B * H), 0, B * H, f(B * H), f(2 * B * H)), RangeError);
  assert.throws(() => cell(B, H, f(4 * H), f(B * 4 * H), 0, f(2 * B * H), 0, B * H, f(B * H), f(2 * B * H - 1)), RangeError);
  assert.throws(() => cell(B, H, f(4 * H), new Float64Array(B * 4 * H) as unknown as Float32Array, 0, f(2 * B * H), 0, B * H, f(B * H), f(2 * B * H)), RangeError);
});
