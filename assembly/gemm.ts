/**
 * WebAssembly SIMD kernels for src/engine/gemm-wasm.ts, in AssemblyScript (compiled by
 * scripts/build-wasm.mjs into dist/engine/gemm.wasm). The JavaScript side owns the blocking
 * and the memory layout: it copies operand windows into this module's linear memory and
 * passes byte addresses; these functions only pack operands and multiply them into C.
 *
 * Layout of the packed operands (after BLIS/GotoBLAS): op(A) in TILE_ROWS-row strips and
 * op(B) in TILE_COLS-column strips, each strip stored depth-major, so the micro-kernel reads
 * both with unit stride whatever the caller's transposes were. Partial strips are zero-padded,
 * so ragged edges only change where a tile's result is stored.
 */

/** Rows of C per micro-tile: each row's value of op(A) is broadcast once per depth step. */
export const TILE_ROWS: i32 = 4;
/** Columns of C per micro-tile: two f32x4 vectors, so 4 x 2 = 8 accumulators stay in registers. */
export const TILE_COLS: i32 = 8;

/** Base of the memory the JavaScript side may use (above this module's own data). */
export function heapBase(): usize {
  return __heap_base;
}

/**
 * Packs `lines` lines of `depth` values into `width`-wide depth-major strips at `dst`:
 * element (line, p) is the f32 at src + 4 * (line * lineStride + p * depthStride), and
 * lands at strip line / width, position p * width + line % width. Lines past `lines` in
 * the last strip are zero.
 */
export function pack(
  src: usize, lineStride: i32, depthStride: i32,
  lines: i32, depth: i32, width: i32, dst: usize,
): void {
  const stripBytes = <usize>(depth * width) << 2;
  let line = 0;
  for (; line + width <= lines; line += width) {
    const from = src + (<usize>(line * lineStride) << 2);
    if (lineStride == 1) packContiguousLines(from, depthStride, depth, width, dst);
    else if (depthStride == 1) packByTransposing(from, lineStride, depth, width, dst);
    else packScalar(from, lineStride, depthStride, width, depth, width, dst);
    dst += stripBytes;
  }
  if (line < lines) {
    packScalar(src + (<usize>(line * lineStride) << 2), lineStride, depthStride, lines - line, depth, width, dst);
  }
}

/** A strip whose lines are adjacent in memory: each depth step is `width` consecutive floats. */
function packContiguousLines(src: usize, depthStride: i32, depth: i32, width: i32, dst: usize): void {
  const step = <usize>depthStride << 2;
  for (let p = 0; p < depth; p++) {
    for (let q = 0; q < width; q += 4) v128.store(dst + (<usize>q << 2), v128.load(src + (<usize>q << 2)));
    src += step;
    dst += <usize>width << 2;
  }
}

/**
 * A strip whose lines are rows of consecutive depth values: transposed 4 x 4 at a time with
 * shuffles (4 vector loads and stores instead of 16 scalar ones).
 */
function packByTransposing(src: usize, lineStride: i32, depth: i32, width: i32, dst: usize): void {
  const rowBytes = <usize>lineStride << 2;
  const widthBytes = <usize>width << 2;
  for (let group = 0; group < width; group += 4) {
    const r0 = src + <usize>group * rowBytes;
    const r1 = r0 + rowBytes, r2 = r1 + rowBytes, r3 = r2 + rowBytes;
    let out = dst + (<usize>group << 2);
    let p = 0;
    for (; p + 4 <= depth; p += 4) {
      const offset = <usize>p << 2;
      const a = v128.load(r0 + offset), b = v128.load(r1 + offset);
      const c = v128.load(r2 + offset), d = v128.load(r3 + offset);
      const ab01 = f32x4.shuffle(a, b, 0, 4, 1, 5), ab23 = f32x4.shuffle(a, b, 2, 6, 3, 7);
      const cd01 = f32x4.shuffle(c, d, 0, 4, 1, 5), cd23 = f32x4.shuffle(c, d, 2, 6, 3, 7);
      v128.store(out, f32x4.shuffle(ab01, cd01, 0, 1, 4, 5));
      v128.store(out + widthBytes, f32x4.shuffle(ab01, cd01, 2, 3, 6, 7));
      v128.store(out + 2 * widthBytes, f32x4.shuffle(ab23, cd23, 0, 1, 4, 5));
      v128.store(out + 3 * widthBytes, f32x4.shuffle(ab23, cd23, 2, 3, 6, 7));
      out += 4 * widthBytes;
    }
    for (; p < depth; p++) {
      const offset = <usize>p << 2;
      store<f32>(out, load<f32>(r0 + offset));
      store<f32>(out, load<f32>(r1 + offset), 4);
      store<f32>(out, load<f32>(r2 + offset), 8);
      store<f32>(out, load<f32>(r3 + offset), 12);
      out += widthBytes;
    }
  }
}

/** Any strides, and the zero-padded last strip: one float at a time. */
function packScalar(
  src: usize, lineStride: i32, depthStride: i32,
  lines: i32, depth: i32, width: i32, dst: usize,
): void {
  for (let p = 0; p < depth; p++) {
    for (let line = 0; line < width; line++) {
      const value = line < lines ? load<f32>(src + (<usize>(line * lineStride + p * depthStride) << 2)) : <f32>0;
      store<f32>(dst + (<usize>(p * width + line) << 2), value);
    }
  }
}

/** A whole tile for the ragged edges of C: computed here, then only its valid part is stored. */
const edgeTile = memory.data(TILE_ROWS * TILE_COLS * 4, 16);

/**
 * C = alpha * (packed A block) * (packed B block) + beta * C for a rows x cols block of C
 * (row stride cStride floats) over `depth`; beta = 0 never reads C (it may hold NaN, as BLAS
 * allows). Column strips outside, row strips inside: one B strip (depth x 8 floats) stays in
 * L1 while the A block streams from L2.
 */
export function multiplyBlock(
  rows: i32, cols: i32, depth: i32, packedA: usize, packedB: usize,
  alpha: f32, beta: f32, c: usize, cStride: i32,
): void {
  const alphas = f32x4.splat(alpha), betas = f32x4.splat(beta);
  const rowBytes = <usize>cStride << 2;
  for (let col = 0; col < cols; col += TILE_COLS) {
    const bStrip = packedB + (<usize>(col * depth) << 2);
    for (let row = 0; row < rows; row += TILE_ROWS) {
      const aStrip = packedA + (<usize>(row * depth) << 2);
      const tile = c + <usize>row * rowBytes + (<usize>col << 2);
      if (row + TILE_ROWS <= rows && col + TILE_COLS <= cols) {
        multiplyTile(depth, aStrip, bStrip, alphas, betas, beta == 0, tile, rowBytes);
      } else {
        multiplyTile(depth, aStrip, bStrip, alphas, betas, true, edgeTile, TILE_COLS << 2);
        storeEdge(min(TILE_ROWS, rows - row), min(TILE_COLS, cols - col), beta, tile, rowBytes);
      }
    }
  }
}

/** One 4 x 8 tile: 8 f32x4 sums in locals (registers) across the whole depth loop. */
// @ts-ignore: decorator
@inline
function multiplyTile(
  depth: i32, a: usize, b: usize, alphas: v128, betas: v128, overwrite: bool, c: usize, rowBytes: usize,
): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  for (let p = 0; p < depth; p++) {
    const b0 = v128.load(b), b1 = v128.load(b, 16);
    let x = v128.load32_splat(a);
    c00 = f32x4.add(c00, f32x4.mul(x, b0)); c01 = f32x4.add(c01, f32x4.mul(x, b1));
    x = v128.load32_splat(a, 4);
    c10 = f32x4.add(c10, f32x4.mul(x, b0)); c11 = f32x4.add(c11, f32x4.mul(x, b1));
    x = v128.load32_splat(a, 8);
    c20 = f32x4.add(c20, f32x4.mul(x, b0)); c21 = f32x4.add(c21, f32x4.mul(x, b1));
    x = v128.load32_splat(a, 12);
    c30 = f32x4.add(c30, f32x4.mul(x, b0)); c31 = f32x4.add(c31, f32x4.mul(x, b1));
    a += 16;
    b += 32;
  }
  storeRow(c, c00, c01, alphas, betas, overwrite);
  storeRow(c + rowBytes, c10, c11, alphas, betas, overwrite);
  storeRow(c + 2 * rowBytes, c20, c21, alphas, betas, overwrite);
  storeRow(c + 3 * rowBytes, c30, c31, alphas, betas, overwrite);
}

/** One 8-wide row of a tile: c = alpha * sums (+ beta * c unless overwriting). */
// @ts-ignore: decorator
@inline
function storeRow(c: usize, left: v128, right: v128, alphas: v128, betas: v128, overwrite: bool): void {
  left = f32x4.mul(alphas, left);
  right = f32x4.mul(alphas, right);
  if (!overwrite) {
    left = f32x4.add(left, f32x4.mul(betas, v128.load(c)));
    right = f32x4.add(right, f32x4.mul(betas, v128.load(c, 16)));
  }
  v128.store(c, left);
  v128.store(c, right, 16);
}

/** The rows x cols corner of edgeTile (already alpha-scaled) into C, with beta as in multiplyBlock. */
function storeEdge(rows: i32, cols: i32, beta: f32, c: usize, rowBytes: usize): void {
  for (let row = 0; row < rows; row++) {
    for (let col = 0; col < cols; col++) {
      const at = c + <usize>row * rowBytes + (<usize>col << 2);
      const value = load<f32>(edgeTile + (<usize>(row * TILE_COLS + col) << 2));
      store<f32>(at, beta == 0 ? value : value + beta * load<f32>(at));
    }
  }
}
