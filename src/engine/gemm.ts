/**
 * The one matrix-product interface the model uses. Row-major, BLAS semantics:
 *   C = alpha * op(A) * op(B) + beta * C,  op(X) = X or X^T,
 * op(A) is m x k, op(B) is k x n, C is m x n; lda/ldb/ldc are row strides.
 * Views (`subarray`) carry their own offsets, so callers pass windows of larger buffers.
 * An engine may also bring native element-wise kernels for the model (`kernels`, below).
 */
export type FloatArray = Float32Array | Float64Array;

/**
 * Native element-wise kernels an engine may bring, for float32 networks, each with the contract
 * (and the float64 arithmetic) of the JS function it replaces:
 * - transposeInput: loadInput's copy in model/input.ts, (B,T,D) -> (T,B,D) times `scale` (dropout's zeros are the caller's);
 * - cellForward, cellBackward: the fused LSTM steps of model/lstm.ts (offsets in elements);
 * - residualPass: residualPass in model/reconstruction.ts, the bias gradient's sums left in `col`;
 * - residualErrors: the error / tail-error pass of writeReconstruction (null = not wanted;
 *   `heap` is scratch for the k largest squared residuals of a case).
 */
export interface NativeKernels {
  transposeInput(B: number, T: number, D: number, x: Float32Array, xIn: Float32Array, scale: number): void;
  cellForward(
    B: number, H: number, bias: Float32Array, gates: Float32Array, gOff: number,
    c: Float32Array, prev: number, next: number, tc: Float32Array, h: Float32Array,
  ): void;
  cellBackward(
    B: number, H: number, gates: Float32Array, dPre: Float32Array, gOff: number, c: Float32Array, tc: Float32Array, off: number,
    dhExt: Float32Array, dhRec: Float32Array, dc: Float32Array, dbSum: Float64Array,
  ): void;
  residualPass(
    T: number, B: number, D: number, x: Float32Array, Y: Float32Array, bias: Float32Array,
    dLde: Float64Array, e: Float64Array, col: Float64Array,
  ): void;
  residualErrors(
    T: number, B: number, D: number, x: Float32Array, Y: Float32Array, bias: Float32Array,
    errors: Float64Array | null, tails: Float64Array | null, k: number, heap: Float64Array,
  ): void;
}

export interface Gemm {
  readonly name: string;
  sgemm(
    transA: boolean, transB: boolean,
    m: number, n: number, k: number,
    alpha: number, a: FloatArray, lda: number,
    b: FloatArray, ldb: number,
    beta: number, c: FloatArray, ldc: number,
  ): void;
  /** Native element-wise kernels the engine may bring (float32 networks only); the JS ones otherwise. */
  readonly kernels?: NativeKernels;
}

/** An optional engine's load result: the engine, or null and why not (a clause for a one-line message). */
export interface EngineLoad<E extends Gemm> {
  gemm: E | null;
  reason: string;
}

/** Loads an optional engine once, on first use, and remembers the engine or the reason it is missing. */
export function lazyEngine<E extends Gemm>(load: () => EngineLoad<E>): { engine(): E | null; reason(): string } {
  let loaded: EngineLoad<E> | null = null;
  return {
    engine: () => (loaded ??= load()).gemm,
    reason: () => (loaded ??= load()).reason,
  };
}
