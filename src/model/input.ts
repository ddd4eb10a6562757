/**
 * Input side of the network: the row-major (B, T, D) batch is copied into the time-major (T, B, D)
 * workspace the encoder's single input-projection GEMM reads, with inverted input dropout fused into
 * the same pass (training only). Dropout is applied to the encoder's input only; the reconstruction
 * target stays the clean X, as in the reference.
 */
import type { FloatArray, NativeKernels } from '../engine/gemm.js';
import type { Rng } from '../engine/random.js';

export interface DropoutOptions {
  /** Probability of keeping an input value (the paper's 0.98); kept values are scaled by 1/keepProb. */
  keepProb: number;
  /** The mask's source: draws the gaps between dropped values, in (b, t, d) order (see loadInput). */
  rng: Rng;
}

/**
 * xIn (T,B,D) <- x (B,T,D), times 1/keepProb with each value zeroed independently with probability
 * 1 - keepProb if dropout is given (keepProb = 1 or null: plain copy, no draws). The copy is the
 * engine's native one (`kernels`) for float32 arrays; the draws and zeros stay here, so the mask
 * is the same whatever the engine.
 */
export function loadInput(
  x: FloatArray, B: number, T: number, D: number, xIn: FloatArray, dropout: DropoutOptions | null,
  kernels?: NativeKernels,
): void {
  const active = dropout !== null && dropout.keepProb !== 1;
  const keep = active ? dropout.keepProb : 1;
  if (!(keep > 0 && keep <= 1)) throw new RangeError(`dropout keepProb must be in (0, 1], got ${keep}`);
  const scale = 1 / keep;
  if (kernels && x instanceof Float32Array && xIn instanceof Float32Array) kernels.transposeInput(B, T, D, x, xIn, scale);
  else transposeInput(x, B, T, D, xIn, scale);
  if (active) dropValues(B, T, D, xIn, keep, dropout.rng);
}

/** xIn (T,B,D) <- x (B,T,D) times scale (1: a plain copy, by native row copies). */
function transposeInput(x: FloatArray, B: number, T: number, D: number, xIn: FloatArray, scale: number): void {
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) {
      const src = (b * T + t) * D;
      const dst = (t * B + b) * D;
      if (scale === 1) xIn.set(x.subarray(src, src + D), dst); // memcpy, or a converting copy between array types
      else for (let k = 0; k < D; k++) xIn[dst + k] = x[src + k] * scale;
    }
  }
}

/**
 * Zeroes each value of xIn independently with probability 1 - keep, visiting them in (b, t, d) order.
 * Instead of one Bernoulli draw per value (4M draws per step at B=1000, N=20: slower than all the
 * other element-wise work together), draw the GAPS between dropped values: the number of kept
 * values before the next dropped one is Geometric, P(gap >= k) = keep^k, sampled as
 * floor(log U / log keep) with U uniform in (0, 1]. Same distribution (up to the 2^-32 resolution
 * of U), about (1 - keep) draws per value.
 */
function dropValues(B: number, T: number, D: number, xIn: FloatArray, keep: number, rng: Rng): void {
  const logKeep = Math.log(keep);
  const caseSize = T * D;
  const total = B * caseSize;
  // flat (b, t, d) index of the next dropped value
  for (let next = Math.floor(Math.log(1 - rng.next()) / logKeep); next < total; next += 1 + Math.floor(Math.log(1 - rng.next()) / logKeep)) {
    const b = Math.floor(next / caseSize);
    const rest = next - b * caseSize;
    const t = Math.floor(rest / D);
    xIn[(t * B + b) * D + rest - t * D] = 0;
  }
}
