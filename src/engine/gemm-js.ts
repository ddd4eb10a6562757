import type { FloatArray, Gemm } from './gemm.js';

/** Portable GEMM in plain TypeScript; works for Float32Array and Float64Array (used by float64 gradient checks). */
export const jsGemm: Gemm = {
  name: 'js',
  sgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc) {
    scaleC(m, n, beta, c, ldc);
    if (alpha === 0 || k === 0) return;
    for (let row = 0; row < m; row++) {
      const cRow = row * ldc;
      for (let p = 0; p < k; p++) {
        const aValue = alpha * (transA ? a[p * lda + row] : a[row * lda + p]);
        if (aValue === 0) continue;
        if (transB) {
          for (let col = 0; col < n; col++) c[cRow + col] += aValue * b[col * ldb + p];
        } else {
          const bRow = p * ldb;
          for (let col = 0; col < n; col++) c[cRow + col] += aValue * b[bRow + col];
        }
      }
    }
  },
};

function scaleC(m: number, n: number, beta: number, c: FloatArray, ldc: number): void {
  if (beta === 1) return;
  for (let row = 0; row < m; row++) {
    const base = row * ldc;
    for (let col = 0; col < n; col++) c[base + col] = beta === 0 ? 0 : beta * c[base + col];
  }
}
