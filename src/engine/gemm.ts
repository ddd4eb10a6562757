/**
 * The one matrix-product interface the model uses. Row-major, BLAS semantics:
 *   C = alpha * op(A) * op(B) + beta * C,  op(X) = X or X^T,
 * op(A) is m x k, op(B) is k x n, C is m x n; lda/ldb/ldc are row strides.
 * Views (`subarray`) carry their own offsets, so callers pass windows of larger buffers.
 */
export type FloatArray = Float32Array | Float64Array;

/**
 * The fused LSTM cell step with the contract of cellForward in model/lstm.ts, for float32
 * networks: offsets in elements, the gates overwritten by their activations.
 */
export type CellForwardKernel = (
  B: number, H: number, bias: Float32Array, gates: Float32Array, gOff: number,
  c: Float32Array, prev: number, next: number, tc: Float32Array, h: Float32Array,
) => void;

export interface Gemm {
  readonly name: string;
  sgemm(
    transA: boolean, transB: boolean,
    m: number, n: number, k: number,
    alpha: number, a: FloatArray, lda: number,
    b: FloatArray, ldb: number,
    beta: number, c: FloatArray, ldc: number,
  ): void;
  /** A native fused LSTM cell step the engine may bring (float32 only); model/lstm.ts's JS kernel otherwise. */
  readonly cellForward?: CellForwardKernel;
}
