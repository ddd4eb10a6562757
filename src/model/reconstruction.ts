/**
 * Decoder output side: the dense layer H -> D (X^ = dense(h^dec reversed in time)), the
 * reconstruction error e_b and dL/dX^, with the dense layer's gradients.
 *
 * The decoder's hidden states are time-major (T+1, B, H) (slot s = output of decoder step s), so the
 * dense layer is ONE GEMM (T*B x H)(H x D) into Y (T, B, D), time-major too. The time reversal
 * (X^_{b,t} = dense(h^dec_{b, T-1-t}), 0-based) and the dense bias are applied for free in the single
 * pass that reads Y: Y slot T-1-t, row b  <->  X^ (b, t).
 */
import type { FloatArray, Gemm, NativeKernels } from '../engine/gemm.js';
import type { LargestValues } from '../engine/stats.js';

/** Y (T,B,D) = h^dec slots 1..T times W [H,D]; no bias (added by the passes below). */
export function denseForward(
  gemm: Gemm, T: number, B: number, H: number, D: number,
  hDec: FloatArray, W: FloatArray, Y: FloatArray,
): void {
  const n = T * B;
  gemm.sgemm(false, false, n, D, H, 1, hDec.subarray(B * H, (T + 1) * B * H), H, W, D, 0, Y, D);
}

/**
 * One pass over (B,T,D): X^ = Y(reversed) + bias, residual X^ - X,
 *   e_b = mean_{t,d} (X_b - X^_b)^2                    (written to e)
 *   dL/dX^ = coef_b * (X^ - X), coef_b = dL/de_b * 2/(T D)   (written over Y, same layout as Y)
 *   dL/db (dense bias) = sum over b, t of dL/dX^             (written to db; summed in colScratch, float64)
 * x is the clean input, row-major (B,T,D). Fusing the bias gradient here saves a pass over (T,B,D).
 * `kernels`: the engine's native version, used for float32 arrays.
 */
export function residualPass(
  T: number, B: number, D: number,
  x: FloatArray, Y: FloatArray, bias: FloatArray,
  dLde: Float64Array, e: Float64Array, db: FloatArray, colScratch: Float64Array,
  kernels: NativeKernels | undefined,
): void {
  if (kernels && x instanceof Float32Array && Y instanceof Float32Array && bias instanceof Float32Array) {
    kernels.residualPass(T, B, D, x, Y, bias, dLde, e, colScratch);
  } else {
    residualPassJs(T, B, D, x, Y, bias, dLde, e, colScratch);
  }
  for (let k = 0; k < D; k++) db[k] = colScratch[k];
}

function residualPassJs(
  T: number, B: number, D: number,
  x: FloatArray, Y: FloatArray, bias: FloatArray,
  dLde: Float64Array, e: Float64Array, colScratch: Float64Array,
): void {
  const inv = 1 / (T * D);
  colScratch.fill(0, 0, D);
  for (let b = 0; b < B; b++) {
    const coef = 2 * inv * dLde[b];
    let acc = 0;
    for (let t = 0; t < T; t++) {
      const xRow = (b * T + t) * D;
      const yRow = ((T - 1 - t) * B + b) * D;
      for (let k = 0; k < D; k++) {
        const r = Y[yRow + k] + bias[k] - x[xRow + k];
        acc += r * r;
        const g = coef * r;
        Y[yRow + k] = g;
        colScratch[k] += g;
      }
    }
    e[b] = acc * inv;
  }
}

/** Per-case tail errors: the mean of the `largest.k` largest squared residuals of each case. */
export interface TailOutput {
  out: FloatArray;
  largest: LargestValues;
}

/**
 * Inference copy-out of Y: reconstruction (B,T,D) = Y(reversed) + bias, if `out` is given; against
 * x (required for these), the per-case errors e_b if `errors` is given and the tail errors if `tails`
 * is given. The copy and the error pass are separate loops: each stays tight (the error pass reads
 * Y and x once and keeps nothing per cell), which measured faster than one loop doing both. The
 * error pass is the engine's native one (`kernels`) when the arrays allow.
 */
export function writeReconstruction(
  T: number, B: number, D: number, Y: FloatArray, bias: FloatArray,
  out: FloatArray | undefined, x: FloatArray | undefined, errors: FloatArray | undefined, tails: TailOutput | undefined,
  kernels: NativeKernels | undefined,
): void {
  if (out !== undefined) copyReconstruction(T, B, D, Y, bias, out);
  if (x === undefined || (errors === undefined && tails === undefined)) return;
  const nativeOk = kernels !== undefined && x instanceof Float32Array && Y instanceof Float32Array && bias instanceof Float32Array &&
    (errors === undefined || errors instanceof Float64Array) && (tails === undefined || tails.out instanceof Float64Array);
  if (nativeOk) {
    kernels.residualErrors(T, B, D, x as Float32Array, Y as Float32Array, bias as Float32Array, (errors as Float64Array | undefined) ?? null,
      (tails?.out as Float64Array | undefined) ?? null, tails?.largest.k ?? 1, tails?.largest.heap ?? NO_HEAP);
  } else {
    residualErrors(T, B, D, Y, bias, x, errors, tails);
  }
}

/** The heap argument of a native error pass without tails (never written). */
const NO_HEAP = new Float64Array(1);

/** e_b = mean_{t,d} (X^ - X)^2 and the mean of the largest squared residuals per case, streamed. */
function residualErrors(
  T: number, B: number, D: number, Y: FloatArray, bias: FloatArray, x: FloatArray,
  errors: FloatArray | undefined, tails: TailOutput | undefined,
): void {
  const inv = 1 / (T * D);
  const largest = tails?.largest;
  for (let b = 0; b < B; b++) {
    let acc = 0;
    let floor = Number.POSITIVE_INFINITY; // without tails nothing is ever offered
    if (largest !== undefined) {
      largest.reset();
      floor = largest.floor();
    }
    for (let t = 0; t < T; t++) {
      const xRow = (b * T + t) * D;
      const yRow = ((T - 1 - t) * B + b) * D;
      for (let k = 0; k < D; k++) {
        const r = Y[yRow + k] + bias[k] - x[xRow + k];
        const r2 = r * r;
        acc += r2;
        if (r2 > floor) { // rare once k values are kept: most residuals are not among the largest
          (largest as LargestValues).offer(r2);
          floor = (largest as LargestValues).floor();
        }
      }
    }
    if (errors !== undefined) errors[b] = acc * inv;
    if (tails !== undefined) tails.out[b] = tails.largest.mean();
  }
}

function copyReconstruction(T: number, B: number, D: number, Y: FloatArray, bias: FloatArray, out: FloatArray): void {
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) {
      const xRow = (b * T + t) * D;
      const yRow = ((T - 1 - t) * B + b) * D;
      for (let k = 0; k < D; k++) out[xRow + k] = Y[yRow + k] + bias[k];
    }
  }
}

/**
 * Dense backward from dY (T,B,D): dW = h^dec^T dY (overwritten) and dL/dh^dec (T,B,H) = dY W^T
 * into dhDec (the decoder's external gradient, slot s-1 = step s). The bias gradient comes out of
 * residualPass.
 */
export function denseBackward(
  gemm: Gemm, T: number, B: number, H: number, D: number,
  hDec: FloatArray, W: FloatArray, dY: FloatArray,
  dW: FloatArray, dhDec: FloatArray,
): void {
  const n = T * B;
  gemm.sgemm(true, false, H, D, n, 1, hDec.subarray(B * H, (T + 1) * B * H), H, dY, D, 0, dW, D);
  gemm.sgemm(false, true, n, H, D, 1, dY, D, W, D, 0, dhDec, H);
}
