import type { FloatArray, Gemm } from './gemm.js';

/**
 * Portable GEMM in plain TypeScript, for Float32Array and Float64Array (the float64 path
 * serves the gradient checks). Same row-major BLAS semantics as the OpenBLAS addon.
 *
 * Structure (after BLIS/GotoBLAS): C is computed in MR x NR tiles whose sums live in local
 * variables (registers) across the whole k loop, so each loaded value feeds 4 multiply-adds
 * instead of 1. To make those loads sequential whatever the transposes, the operands are
 * first copied ("packed") into float64 scratch panels: op(A) in MR-row strips, op(B) in
 * NR-column strips, each laid out k-major. Packing into float64 also takes the float32 ->
 * float64 conversions out of the inner loop, and accumulating in float64 is more accurate.
 * Blocking over k (KC), rows (MC) and columns (NC) keeps the panels in L1/L2.
 */

const MR = 4; // tile rows; 4x4 = 16 accumulators, the most V8 keeps in x64's 16 XMM registers without losing speed
const NR = 4; // tile columns
const KC = 256; // depth of one packed block: an MR x KC strip of A is 8 KiB, fits L1 with its B strip
const MC = 64; // rows of A packed at once (128 KiB, L2), a multiple of MR
const NC = 512; // columns of B packed at once (1 MiB at most, L2), a multiple of NR

// Scratch reused across calls (allocated on first use): steady state allocates nothing.
let packedA: Float64Array | null = null;
let packedB: Float64Array | null = null;
const tile = new Float64Array(MR * NR);

export const jsGemm: Gemm = {
  name: 'js',
  sgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc) {
    checkGemmArgs(transA, transB, m, n, k, a, lda, b, ldb, c, ldc);
    if (m === 0 || n === 0) return;
    if (alpha === 0 || k === 0) {
      scaleC(m, n, beta, c, ldc);
      return;
    }
    packedA ??= new Float64Array(MC * KC);
    packedB ??= new Float64Array(KC * NC);
    // op(A)[i][p] = a[i * aRow + p * aDepth]; op(B)[p][j] = b[j * bCol + p * bDepth].
    const aRow = transA ? 1 : lda;
    const aDepth = transA ? lda : 1;
    const bCol = transB ? ldb : 1;
    const bDepth = transB ? 1 : ldb;
    for (let j0 = 0; j0 < n; j0 += NC) {
      const nc = Math.min(NC, n - j0);
      for (let p0 = 0; p0 < k; p0 += KC) {
        const kc = Math.min(KC, k - p0);
        // beta applies once, on the first k block; later blocks accumulate onto it.
        const blockBeta = p0 === 0 ? beta : 1;
        pack(b, j0 * bCol + p0 * bDepth, bCol, bDepth, nc, kc, packedB);
        for (let i0 = 0; i0 < m; i0 += MC) {
          const mc = Math.min(MC, m - i0);
          pack(a, i0 * aRow + p0 * aDepth, aRow, aDepth, mc, kc, packedA);
          for (let jr = 0; jr < nc; jr += NR) {
            const nr = Math.min(NR, nc - jr);
            for (let ir = 0; ir < mc; ir += MR) {
              multiplyTile(kc, packedA, ir * kc, packedB, jr * kc);
              storeTile(c, (i0 + ir) * ldc + j0 + jr, ldc, Math.min(MR, mc - ir), nr, alpha, blockBeta);
            }
          }
        }
      }
    }
  },
};

/**
 * Copies `count` lines (rows of op(A) or columns of op(B)) of `depth` values each into
 * 4-wide strips: strip s holds, for p = 0..depth-1, the 4 values of lines 4s..4s+3 at depth p.
 * A last partial strip is zero-padded, so the tile kernel never needs an edge case.
 * Element (line, p) is src[base + line * lineStride + p * depthStride].
 */
function pack(
  src: FloatArray, base: number, lineStride: number, depthStride: number,
  count: number, depth: number, dst: Float64Array,
): void {
  let out = 0;
  for (let line = 0; line < count; line += 4) {
    const s0 = base + line * lineStride;
    if (count - line >= 4) {
      const s1 = s0 + lineStride;
      const s2 = s1 + lineStride;
      const s3 = s2 + lineStride;
      for (let p = 0, offset = 0; p < depth; p++, offset += depthStride) {
        dst[out] = src[s0 + offset];
        dst[out + 1] = src[s1 + offset];
        dst[out + 2] = src[s2 + offset];
        dst[out + 3] = src[s3 + offset];
        out += 4;
      }
    } else {
      const rest = count - line;
      for (let p = 0, offset = 0; p < depth; p++, offset += depthStride) {
        for (let r = 0; r < 4; r++) dst[out + r] = r < rest ? src[s0 + r * lineStride + offset] : 0;
        out += 4;
      }
    }
  }
}

/** tile = (4 x kc strip of packed A) * (kc x 4 strip of packed B), summed in registers. */
function multiplyTile(kc: number, pa: Float64Array, aStart: number, pb: Float64Array, bStart: number): void {
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
  let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
  let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
  // `| 0` keeps the indices int32 so V8 drops the overflow checks in the hot loop.
  for (let ia = aStart, ib = bStart, end = aStart + 4 * kc; ia < end; ia = (ia + 4) | 0, ib = (ib + 4) | 0) {
    const b0 = pb[ib], b1 = pb[(ib + 1) | 0], b2 = pb[(ib + 2) | 0], b3 = pb[(ib + 3) | 0];
    let x = pa[ia];
    c00 += x * b0; c01 += x * b1; c02 += x * b2; c03 += x * b3;
    x = pa[(ia + 1) | 0];
    c10 += x * b0; c11 += x * b1; c12 += x * b2; c13 += x * b3;
    x = pa[(ia + 2) | 0];
    c20 += x * b0; c21 += x * b1; c22 += x * b2; c23 += x * b3;
    x = pa[(ia + 3) | 0];
    c30 += x * b0; c31 += x * b1; c32 += x * b2; c33 += x * b3;
  }
  tile[0] = c00; tile[1] = c01; tile[2] = c02; tile[3] = c03;
  tile[4] = c10; tile[5] = c11; tile[6] = c12; tile[7] = c13;
  tile[8] = c20; tile[9] = c21; tile[10] = c22; tile[11] = c23;
  tile[12] = c30; tile[13] = c31; tile[14] = c32; tile[15] = c33;
}

/** C[rows x cols window at `start`] = alpha * tile + beta * C; beta = 0 ignores C (it may hold NaN). */
function storeTile(c: FloatArray, start: number, ldc: number, rows: number, cols: number, alpha: number, beta: number): void {
  for (let i = 0; i < rows; i++) {
    const row = start + i * ldc;
    for (let j = 0; j < cols; j++) {
      const value = alpha * tile[i * NR + j];
      c[row + j] = beta === 0 ? value : beta === 1 ? c[row + j] + value : beta * c[row + j] + value;
    }
  }
}

function scaleC(m: number, n: number, beta: number, c: FloatArray, ldc: number): void {
  if (beta === 1) return;
  for (let row = 0; row < m; row++) {
    const base = row * ldc;
    if (beta === 0) c.fill(0, base, base + n);
    else for (let col = 0; col < n; col++) c[base + col] = beta * c[base + col];
  }
}

/**
 * The same checks the OpenBLAS addon makes, so both engines refuse the same calls: typed
 * arrays ignore out-of-range writes and read undefined, which would silently corrupt results.
 */
export function checkGemmArgs(
  transA: boolean, transB: boolean, m: number, n: number, k: number,
  a: FloatArray, lda: number, b: FloatArray, ldb: number, c: FloatArray, ldc: number,
): void {
  for (const [name, value, min] of [['m', m, 0], ['n', n, 0], ['k', k, 0], ['lda', lda, 1], ['ldb', ldb, 1], ['ldc', ldc, 1]] as const) {
    if (!Number.isInteger(value) || value < min) throw new RangeError(`gemm: ${name} must be an integer >= ${min}, got ${value}`);
  }
  const aCols = transA ? m : k;
  const bCols = transB ? k : n;
  if (lda < aCols || ldb < bCols || ldc < n) {
    throw new RangeError(`gemm: leading dimensions too small (lda ${lda} < ${aCols}, ldb ${ldb} < ${bCols} or ldc ${ldc} < ${n})`);
  }
  const reads = m > 0 && n > 0 && k > 0;
  const aNeeded = reads ? extent(transA ? k : m, aCols, lda) : 0;
  const bNeeded = reads ? extent(transB ? n : k, bCols, ldb) : 0;
  const cNeeded = extent(m, n, ldc);
  if (aNeeded > a.length || bNeeded > b.length || cNeeded > c.length) {
    throw new RangeError(
      `gemm: buffer too small for ${m}x${n}x${k} (A needs ${aNeeded} of ${a.length}, ` +
      `B needs ${bNeeded} of ${b.length}, C needs ${cNeeded} of ${c.length})`,
    );
  }
  if (overlaps(c, cNeeded, a, aNeeded) || overlaps(c, cNeeded, b, bNeeded)) {
    throw new RangeError('gemm: C must not overlap A or B');
  }
}

/** Elements a rows x cols row-major matrix with row stride ld spans (0 when empty). */
function extent(rows: number, cols: number, ld: number): number {
  return rows === 0 || cols === 0 ? 0 : (rows - 1) * ld + cols;
}

function overlaps(x: FloatArray, xCount: number, y: FloatArray, yCount: number): boolean {
  if (xCount === 0 || yCount === 0 || x.buffer !== y.buffer) return false;
  const xStart = x.byteOffset, yStart = y.byteOffset;
  return xStart < yStart + yCount * y.BYTES_PER_ELEMENT && yStart < xStart + xCount * x.BYTES_PER_ELEMENT;
}
