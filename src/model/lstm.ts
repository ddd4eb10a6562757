/**
 * One LSTM layer run over a whole batch of sequences, forward and backward through time.
 *
 * Equations (TF LSTMCell / PyTorch nn.LSTM, gates packed i, f, g, o along the 4H axis):
 *   pre_t = x_t Wx + h_{t-1} Wh + b
 *   i, f, o = sigmoid(pre_i, pre_f, pre_o),  g = tanh(pre_g)
 *   c_t = f * c_{t-1} + i * g,   h_t = o * tanh(c_t)
 *
 * Layout: everything is TIME-MAJOR so that one step of the batch is a contiguous block:
 *   gates (T, B, 4H)   pre-activations in (x_t Wx already added by the caller, or not), activations out
 *   h, c  (T+1, B, H)  slot 0 = the initial state (h_0, c_0), slot t = h_t, c_t
 *   tc    (T, B, H)    tanh(c_t) at slot t-1, kept for the backward pass (saves a tanh per element)
 * Time-major lets the caller do the input projection of all T steps as ONE GEMM (T*B x D)(D x 4H),
 * and lets dWh (and the caller's dWx) be ONE GEMM each over all T*B rows after the loop.
 * Only the recurrent product h_{t-1} Wh (and its backward dPre_t Wh^T) is per step: it is sequential.
 *
 * The element-wise work of a step is one fused pass (activations + cell update forward, all gate
 * derivatives + cell-gradient carry backward). Kernels take any FloatArray; one process normally
 * uses one array type, so the loops stay monomorphic. The forward pass, five exp/tanh per cell and
 * most of a step's element-wise time, runs in the engine's native kernel when it has one and the
 * network is float32 (same arithmetic: float64 inside, float32 stored).
 */
import type { FloatArray, Gemm } from '../engine/gemm.js';

export interface LstmForwardOptions {
  /** gates already hold x_t Wx (encoder); false: gates are overwritten (decoder: zero input, no Wx). */
  gatesHoldInput: boolean;
  /** h_0 = 0 (encoder): the t = 1 recurrent GEMM is skipped, it would add exactly zero. */
  h0IsZero: boolean;
}

/**
 * Runs T steps. Wh [H,4H], bias [4H]. Reads h/c slot 0, writes slots 1..T, gates (activations) and tc.
 */
export function lstmForward(
  gemm: Gemm, T: number, B: number, H: number,
  Wh: FloatArray, bias: FloatArray,
  gates: FloatArray, h: FloatArray, c: FloatArray, tc: FloatArray,
  options: LstmForwardOptions,
): void {
  const G = 4 * H;
  const stepG = B * G;
  const stepH = B * H;
  const native = gemm.kernels !== undefined && gates instanceof Float32Array && bias instanceof Float32Array &&
    c instanceof Float32Array && tc instanceof Float32Array && h instanceof Float32Array ? gemm.kernels : undefined;
  for (let t = 0; t < T; t++) {
    const gOff = t * stepG;
    if (t === 0 && options.h0IsZero) {
      if (!options.gatesHoldInput) gates.fill(0, gOff, gOff + stepG);
    } else {
      // pre_t (+)= h_{t-1} Wh: (B x H)(H x 4H)
      gemm.sgemm(false, false, B, G, H, 1, h.subarray(t * stepH, (t + 1) * stepH), H, Wh, G,
        options.gatesHoldInput ? 1 : 0, gates.subarray(gOff, gOff + stepG), G);
    }
    if (native) {
      native.cellForward(B, H, bias as Float32Array, gates as Float32Array, gOff, c as Float32Array, t * stepH, (t + 1) * stepH, tc as Float32Array, h as Float32Array);
    } else {
      cellForward(B, H, bias, gates, gOff, c, t * stepH, (t + 1) * stepH, tc, h);
    }
  }
}

/**
 * Fused activations + cell update of one step, in place on the gates block.
 * prev = offset of c_{t-1} in c; next = offset of c_t in c and of h_t in h; tc_t is written at prev
 * (tc has no initial slot, so its slot t-1 is at the same offset as c's slot t-1).
 */
function cellForward(
  B: number, H: number, bias: FloatArray,
  gates: FloatArray, gOff: number,
  c: FloatArray, prev: number, next: number,
  tc: FloatArray, h: FloatArray,
): void {
  const G = 4 * H;
  for (let b = 0; b < B; b++) {
    const gRow = gOff + b * G;
    const sPrev = prev + b * H;
    const sNext = next + b * H;
    for (let j = 0; j < H; j++) {
      const gi = gRow + j;
      const gf = gi + H;
      const gg = gf + H;
      const go = gg + H;
      const i = 1 / (1 + Math.exp(-(gates[gi] + bias[j])));
      const f = 1 / (1 + Math.exp(-(gates[gf] + bias[H + j])));
      const g = Math.tanh(gates[gg] + bias[2 * H + j]);
      const o = 1 / (1 + Math.exp(-(gates[go] + bias[3 * H + j])));
      gates[gi] = i;
      gates[gf] = f;
      gates[gg] = g;
      gates[go] = o;
      const cNew = f * c[sPrev + j] + i * g;
      c[sNext + j] = cNew;
      const tcNew = Math.tanh(c[sNext + j]); // from the stored (rounded) c_t, as the backward pass sees it
      tc[sPrev + j] = tcNew;
      h[sNext + j] = o * tcNew;
    }
  }
}

export interface LstmBackwardOptions {
  /** h_0 = 0: the slot-0 rows contribute nothing to dWh, so they are left out of its GEMM. */
  h0IsZero: boolean;
  /** Whether dL/dh_0 is wanted (decoder: it flows into the encoder's h_T); false skips a GEMM. */
  needInitialGrad: boolean;
}

/**
 * Backprop through time.
 * dhExt (T,B,H): dL/dh_t from outside the recurrence (slot t-1 = step t), read only.
 * dhRec, dc (B,H): on entry dL/dh_T and dL/dc_T coming from beyond the sequence (zero if none);
 *   on exit dL/dh_0 (only if needInitialGrad) and dL/dc_0.
 * dPre (T,B,4H): written with dL/dpre_t for every step (the caller uses it for dWx).
 * dWh [H,4H] and db [4H] are overwritten. colScratch: Float64Array of length >= 4H (db's float64 sums,
 * accumulated in the cell pass instead of a separate pass over dPre).
 */
export function lstmBackward(
  gemm: Gemm, T: number, B: number, H: number,
  Wh: FloatArray,
  gates: FloatArray, h: FloatArray, c: FloatArray, tc: FloatArray,
  dhExt: FloatArray, dPre: FloatArray, dhRec: FloatArray, dc: FloatArray,
  dWh: FloatArray, db: FloatArray, colScratch: Float64Array,
  options: LstmBackwardOptions,
): void {
  const G = 4 * H;
  const stepG = B * G;
  const stepH = B * H;
  const native = gemm.kernels !== undefined && gates instanceof Float32Array && dPre instanceof Float32Array && c instanceof Float32Array &&
    tc instanceof Float32Array && dhExt instanceof Float32Array && dhRec instanceof Float32Array && dc instanceof Float32Array ? gemm.kernels : undefined;
  colScratch.fill(0, 0, G);
  for (let t = T - 1; t >= 0; t--) {
    const gOff = t * stepG;
    if (native) {
      native.cellBackward(B, H, gates as Float32Array, dPre as Float32Array, gOff, c as Float32Array, tc as Float32Array, t * stepH,
        dhExt as Float32Array, dhRec as Float32Array, dc as Float32Array, colScratch);
    } else {
      cellBackward(B, H, gates, dPre, gOff, c, tc, t * stepH, dhExt, dhRec, dc, colScratch);
    }
    if (t > 0 || options.needInitialGrad) {
      // dL/dh_{t-1} through the recurrence: dPre_t Wh^T, (B x 4H)(4H x H)
      gemm.sgemm(false, true, B, H, G, 1, dPre.subarray(gOff, gOff + stepG), G, Wh, G, 0, dhRec, H);
    }
  }
  // dWh = sum_t h_{t-1}^T dPre_t, as one GEMM over all rows (slot 0 skipped when h_0 = 0)
  const first = options.h0IsZero ? 1 : 0;
  const rows = (T - first) * B;
  if (rows > 0) {
    gemm.sgemm(true, false, H, G, rows, 1, h.subarray(first * stepH, T * stepH), H,
      dPre.subarray(first * stepG, T * stepG), G, 0, dWh, G);
  } else {
    dWh.fill(0);
  }
  for (let k = 0; k < G; k++) db[k] = colScratch[k];
}

/**
 * Fused backward of one step. off = offset of step t's state slot t-1 in c/tc/dhExt (all (·,B,H)).
 * dhRec holds dL/dh_t from step t+1 (read here, then overwritten by the caller's GEMM);
 * dc carries dL/dc_t in and dL/dc_{t-1} out; dbSum (4H) accumulates dL/dpre for the bias gradient.
 */
function cellBackward(
  B: number, H: number,
  gates: FloatArray, dPre: FloatArray, gOff: number,
  c: FloatArray, tc: FloatArray, off: number,
  dhExt: FloatArray, dhRec: FloatArray, dc: FloatArray, dbSum: Float64Array,
): void {
  const G = 4 * H;
  for (let b = 0; b < B; b++) {
    const gRow = gOff + b * G;
    const sRow = off + b * H;
    const rRow = b * H;
    for (let j = 0; j < H; j++) {
      const gi = gRow + j;
      const gf = gi + H;
      const gg = gf + H;
      const go = gg + H;
      const i = gates[gi];
      const f = gates[gf];
      const g = gates[gg];
      const o = gates[go];
      const tcj = tc[sRow + j];
      const dh = dhExt[sRow + j] + dhRec[rRow + j];
      const dcj = dc[rRow + j] + dh * o * (1 - tcj * tcj);
      const dI = dcj * g * i * (1 - i);
      const dF = dcj * c[sRow + j] * f * (1 - f);
      const dG = dcj * i * (1 - g * g);
      const dO = dh * tcj * o * (1 - o);
      dPre[gi] = dI;
      dPre[gf] = dF;
      dPre[gg] = dG;
      dPre[go] = dO;
      dbSum[j] += dI;
      dbSum[H + j] += dF;
      dbSum[2 * H + j] += dG;
      dbSum[3 * H + j] += dO;
      dc[rRow + j] = dcj * f;
    }
  }
}
