/**
 * The one matrix-product interface the model uses. Row-major, BLAS semantics:
 *   C = alpha * op(A) * op(B) + beta * C,  op(X) = X or X^T,
 * op(A) is m x k, op(B) is k x n, C is m x n; lda/ldb/ldc are row strides.
 * Views (`subarray`) carry their own offsets, so callers pass windows of larger buffers.
 */
export type FloatArray = Float32Array | Float64Array;

export interface Gemm {
  readonly name: string;
  sgemm(
    transA: boolean, transB: boolean,
    m: number, n: number, k: number,
    alpha: number, a: FloatArray, lda: number,
    b: FloatArray, ldb: number,
    beta: number, c: FloatArray, ldc: number,
  ): void;
}
