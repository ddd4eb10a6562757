/**
 * Conformance of every GEMM engine to BLAS semantics, against a naive float64 reference.
 * The OpenBLAS cases are skipped (with the reason) where the addon is not built.
 */
import assert from 'node:assert/strict';
import type { FloatArray, Gemm } from './gemm.js';
import { engineTest } from './testing.js';
import { Rng } from './random.js';

type Ctor = Float32ArrayConstructor | Float64ArrayConstructor;

interface Case {
  transA: boolean; transB: boolean;
  m: number; n: number; k: number;
  alpha: number; beta: number;
  /** Extra row stride beyond the stored row width. */
  padA?: number; padB?: number; padC?: number;
  /** Elements before each matrix in its backing buffer (the operands become subarray views). */
  offset?: number;
  /** Fill C with NaN first: beta = 0 must overwrite it, not multiply it. */
  nanC?: boolean;
}

interface Operands {
  a: FloatArray; lda: number; b: FloatArray; ldb: number; c: FloatArray; ldc: number;
  /** Backing buffer of C and where the view starts, to check nothing outside the view moved. */
  cBuffer: FloatArray; cOffset: number;
}

function makeOperands(type: Ctor, spec: Case, rng: Rng): Operands {
  const { transA, transB, m, n, k, padA = 0, padB = 0, padC = 0, offset = 0 } = spec;
  const aRows = transA ? k : m, aCols = transA ? m : k;
  const bRows = transB ? n : k, bCols = transB ? k : n;
  const lda = Math.max(1, aCols + padA), ldb = Math.max(1, bCols + padB), ldc = Math.max(1, n + padC);
  const view = (rows: number, ld: number, fill: () => number) => {
    const buffer = new type(offset + rows * ld + offset).map(() => fill());
    return { buffer, view: buffer.subarray(offset, offset + rows * ld) };
  };
  const uniform = () => rng.uniform(-1, 1);
  const a = view(aRows, lda, uniform).view;
  const b = view(bRows, ldb, uniform).view;
  const c = view(m, ldc, spec.nanC ? () => NaN : uniform);
  return { a, lda, b, ldb, c: c.view, ldc, cBuffer: c.buffer, cOffset: offset };
}

/** C = alpha op(A) op(B) + beta C in float64, plus the per-element bound on rounding error. */
function reference(spec: Case, ops: Operands, unitRoundoff: number): { want: Float64Array; tolerance: Float64Array } {
  const { transA, transB, m, n, k, alpha, beta } = spec;
  const { a, lda, b, ldb, c, ldc } = ops;
  const want = new Float64Array(m * n);
  const tolerance = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      let magnitude = 0;
      for (let p = 0; p < k; p++) {
        const product = (transA ? a[p * lda + i] : a[i * lda + p]) * (transB ? b[j * ldb + p] : b[p * ldb + j]);
        sum += product;
        magnitude += Math.abs(product);
      }
      const old = beta === 0 ? 0 : beta * c[i * ldc + j];
      want[i * n + j] = alpha * sum + old;
      // Worst-case error of any summation order is (k + 2) u * (sum of magnitudes): a standard bound.
      tolerance[i * n + j] = (k + 2) * unitRoundoff * (Math.abs(alpha) * magnitude + Math.abs(old)) + 1e-30;
    }
  }
  return { want, tolerance };
}

function check(gemm: Gemm, type: Ctor, spec: Case, seed = 1): void {
  const ops = makeOperands(type, spec, new Rng(seed));
  const before = ops.cBuffer.slice();
  const { want, tolerance } = reference(spec, ops, type === Float32Array ? 2 ** -24 : 2 ** -53);
  const { transA, transB, m, n, k, alpha, beta } = spec;
  gemm.sgemm(transA, transB, m, n, k, alpha, ops.a, ops.lda, ops.b, ops.ldb, beta, ops.c, ops.ldc);
  const label = JSON.stringify({ engine: gemm.name, type: type.name, ...spec });
  for (let index = 0; index < ops.cBuffer.length; index++) {
    const inView = index - ops.cOffset;
    const row = Math.floor(inView / ops.ldc), col = inView - row * ops.ldc;
    if (inView < 0 || row >= m || col >= n) {
      // Outside op(A) op(B)'s m x n window (padding, other views): untouched, bit for bit.
      assert.ok(Object.is(ops.cBuffer[index], before[index]), `${label}: C[${inView}] outside the result changed`);
      continue;
    }
    const got = ops.cBuffer[index];
    const expected = want[row * n + col];
    assert.ok(
      Math.abs(got - expected) <= tolerance[row * n + col],
      `${label}: C[${row}][${col}] = ${got}, expected ${expected} ± ${tolerance[row * n + col]}`,
    );
  }
}


const TRANSPOSES = [[false, false], [false, true], [true, false], [true, true]] as const;
const TYPES: Ctor[] = [Float32Array, Float64Array];

engineTest('every transpose combination, non-square, padded strides, subarray offsets', (gemm) => {
  for (const type of TYPES) {
    for (const [transA, transB] of TRANSPOSES) {
      check(gemm, type, { transA, transB, m: 7, n: 5, k: 3, alpha: 1, beta: 0 });
      check(gemm, type, { transA, transB, m: 13, n: 9, k: 11, alpha: 1, beta: 0, padA: 3, padB: 2, padC: 4, offset: 5 });
    }
  }
});

engineTest('alpha and beta, including beta = 0 over NaN garbage', (gemm) => {
  for (const type of TYPES) {
    for (const [transA, transB] of TRANSPOSES) {
      for (const [alpha, beta] of [[1, 1], [-0.5, 2], [2.5, -1], [1, 0], [-3, 0], [0, 0.5], [0, 1]]) {
        check(gemm, type, { transA, transB, m: 6, n: 10, k: 4, alpha, beta, padC: 2, offset: 1 });
      }
      check(gemm, type, { transA, transB, m: 6, n: 10, k: 4, alpha: 1.5, beta: 0, nanC: true, padC: 3 });
      check(gemm, type, { transA, transB, m: 6, n: 10, k: 4, alpha: 0, beta: 0, nanC: true });
    }
  }
});

engineTest('degenerate shapes: k = 0, m = 1, n = 1, m = 0, n = 0', (gemm) => {
  for (const type of TYPES) {
    for (const [transA, transB] of TRANSPOSES) {
      check(gemm, type, { transA, transB, m: 4, n: 3, k: 0, alpha: 1, beta: 0, nanC: true });
      check(gemm, type, { transA, transB, m: 4, n: 3, k: 0, alpha: 1, beta: 0.5 });
      check(gemm, type, { transA, transB, m: 1, n: 17, k: 9, alpha: 1, beta: 1, padA: 2 });
      check(gemm, type, { transA, transB, m: 17, n: 1, k: 9, alpha: 1, beta: 1, padB: 2 });
      check(gemm, type, { transA, transB, m: 1, n: 1, k: 1, alpha: 2, beta: 0, nanC: true });
      check(gemm, type, { transA, transB, m: 0, n: 3, k: 2, alpha: 1, beta: 0 });
      check(gemm, type, { transA, transB, m: 3, n: 0, k: 2, alpha: 1, beta: 0 });
    }
  }
});

engineTest('shapes that cross the JS engine\'s cache blocks (k > 256, m > 64, n > 512, ragged tiles)', (gemm) => {
  for (const [transA, transB] of TRANSPOSES) {
    check(gemm, Float32Array, { transA, transB, m: 67, n: 519, k: 261, alpha: 0.75, beta: 0.5, padA: 1, padC: 3, offset: 2 });
  }
});

engineTest('shapes that cross the wasm engine\'s blocks (k > 512, m > 128, n > 512) and its 4 x 8 tiles', (gemm) => {
  for (const [transA, transB] of TRANSPOSES) {
    check(gemm, Float32Array, { transA, transB, m: 133, n: 11, k: 1030, alpha: -1.25, beta: 0.5, padB: 1, offset: 3 });
    check(gemm, Float32Array, { transA, transB, m: 6, n: 1030, k: 19, alpha: 1, beta: 0, nanC: true, padC: 5 });
    for (let size = 1; size <= 9; size++) {
      check(gemm, Float32Array, { transA, transB, m: size, n: size + 7, k: size + 2, alpha: 1, beta: 1 }, size);
    }
  }
});

engineTest('windows of wider matrices: short and long row strides (the wasm engine copies the gaps or row by row)', (gemm) => {
  for (const [transA, transB] of TRANSPOSES) {
    for (const pad of [300, 1500]) {
      check(gemm, Float32Array, { transA, transB, m: 21, n: 18, k: 37, alpha: 1, beta: 2, padA: pad, padB: pad - 100, padC: 100, offset: 7 });
      check(gemm, Float32Array, { transA, transB, m: 21, n: 18, k: 37, alpha: 1, beta: 0, nanC: true, padA: pad, padB: pad - 100, padC: 100 });
    }
  }
});

engineTest('a tall op(A) whose depth slab (m x 512 > 2^20 floats) the wasm engine copies block by block', (gemm) => {
  for (const [transA, transB] of TRANSPOSES) {
    check(gemm, Float32Array, { transA, transB, m: 2100, n: 3, k: 520, alpha: 1, beta: 0.5, padA: 1 });
  }
});

engineTest('mixed element types are computed like float64', (gemm) => {
  const c = new Float32Array(2);
  gemm.sgemm(false, false, 1, 2, 2, 1, new Float64Array([1, 2]), 2, new Float32Array([3, 4, 5, 6]), 2, 0, c, 2);
  assert.deepEqual(Array.from(c), [13, 16]);
});

engineTest('the model\'s shapes: batch x features times weights, and the gradient transposes', (gemm) => {
  check(gemm, Float32Array, { transA: false, transB: false, m: 200, n: 120, k: 30, alpha: 1, beta: 1 });
  check(gemm, Float32Array, { transA: true, transB: false, m: 30, n: 120, k: 200, alpha: 1, beta: 0, nanC: true });
  check(gemm, Float32Array, { transA: false, transB: true, m: 200, n: 30, k: 120, alpha: 1, beta: 0, nanC: true });
});

engineTest('refuses undersized buffers, short leading dimensions, bad dimensions and C overlapping A/B', (gemm) => {
  for (const type of TYPES) {
    const a = new type(12), b = new type(12), c = new type(12);
    // A 3x4 and B 4x3 need 12 each, C 3x3 needs 9: one element short anywhere must throw.
    assert.doesNotThrow(() => gemm.sgemm(false, false, 3, 3, 4, 1, a, 4, b, 3, 0, c, 3));
    assert.throws(() => gemm.sgemm(false, false, 3, 3, 4, 1, a.subarray(1), 4, b, 3, 0, c, 3), RangeError);
    assert.throws(() => gemm.sgemm(false, false, 3, 3, 4, 1, a, 4, b.subarray(1), 3, 0, c, 3), RangeError);
    assert.throws(() => gemm.sgemm(false, false, 3, 3, 4, 1, a, 4, b, 3, 0, c.subarray(4), 3), RangeError);
    // Transposed: A stored 4x3 (lda >= 3), B stored 3x4 (ldb >= 4); a longer stride needs more room.
    assert.throws(() => gemm.sgemm(true, true, 3, 3, 4, 1, a, 4, b, 4, 0, c, 3), RangeError);
    assert.throws(() => gemm.sgemm(false, false, 3, 3, 4, 1, a, 3, b, 3, 0, c, 3), RangeError, 'lda < k');
    assert.throws(() => gemm.sgemm(false, false, 3, 3, 4, 1, a, 4, b, 3, 0, c, 2), RangeError, 'ldc < n');
    assert.throws(() => gemm.sgemm(false, false, -1, 3, 4, 1, a, 4, b, 3, 0, c, 3), RangeError);
    assert.throws(() => gemm.sgemm(false, false, 1.5, 3, 4, 1, a, 4, b, 3, 0, c, 3), RangeError);
    assert.throws(() => gemm.sgemm(false, false, 2, 2, 2, 1, a, 2, b, 2, 0, a.subarray(2), 2), RangeError, 'C overlaps A');
    // Views of one buffer that do not overlap are fine.
    const shared = new type(12);
    assert.doesNotThrow(() => gemm.sgemm(false, false, 2, 2, 2, 1, shared.subarray(0, 4), 2, shared.subarray(4, 8), 2, 0, shared.subarray(8), 2));
  }
});
