import { readFileSync } from 'node:fs';
import { lazyEngine, type EngineLoad, type Gemm } from './gemm.js';
import { checkGemmArgs, jsGemm } from './gemm-js.js';

/**
 * GEMM through WebAssembly SIMD kernels (assembly/gemm.ts, built into dist/engine/gemm.wasm
 * by `npm run build`): the fast path when the OpenBLAS addon is not built. Single-threaded.
 *
 * The kernels work on float32 in the module's own linear memory, so each block of the
 * product goes: copy the operand windows in (`Float32Array.set`, a memcpy), pack them into
 * strips (wasm), multiply into the C window (wasm), copy C back out. The loop order
 * is GotoBLAS's: column blocks of op(B), then depth blocks (B packed once per block), then
 * row blocks of op(A). Float64 operands (the gradient checks) go to the JS engine, which
 * accumulates in float64.
 */

/** Where the module lands, relative to this file in dist/engine. */
export const WASM_PATH = './gemm.wasm';

// Block sizes, tuned on a Zen 3 core (32 KiB L1d, 512 KiB L2); KC = 512 also keeps the model's
// depth-400 products in one depth block, so C is copied in and out only once.
const KC = 512; // depth of a block: a 4-row A strip (8 KiB) and an 8-column B strip (16 KiB) share L1
const MC = 128; // rows of op(A) per block: the packed block (256 KiB) stays in L2 across B strips
const NC = 512; // columns of op(B) per block: its 8-column strips stream through L1 one at a time
/** Room to stage raw op(A) (4 MiB): a whole kc-deep slab of it when that fits, so it is copied once, not per row block. */
const RAW_A = 1 << 20;
const RAW_B = 2 * KC * NC;
/**
 * Widest gap (in floats) between window rows still copied along with the rows: copying 4 KiB
 * costs about as much as the extra `set` call per row it saves.
 */
const MAX_COPIED_GAP = 1024;

// The slice of the WebAssembly API used here (tsconfig's ES2022 lib has no WebAssembly types).
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: object };
};

/** The module's exports (see assembly/gemm.ts); addresses are byte offsets into `memory`. */
interface Kernels {
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
  TILE_ROWS: { value: number };
  TILE_COLS: { value: number };
  heapBase(): number;
  pack(src: number, lineStride: number, depthStride: number, lines: number, depth: number, width: number, dst: number): void;
  multiplyBlock(rows: number, cols: number, depth: number, packedA: number, packedB: number, alpha: number, beta: number, c: number, cStride: number): void;
}

/** Float offsets of the scratch regions in linear memory, fixed at load: a call never grows memory. */
interface Layout {
  heap: Float32Array;
  rawA: number; rawB: number; rawC: number;
  packedA: number; packedB: number;
}

const wasm = lazyEngine(() => loadWasmFrom(WASM_PATH));

/** The WebAssembly engine, or null when the module is missing or cannot run here (see wasmUnavailableReason). */
export function loadWasmGemm(): Gemm | null {
  return wasm.engine();
}

/** Why loadWasmGemm() returned null, as a clause for a one-line message; '' when it loaded. */
export function wasmUnavailableReason(): string {
  return wasm.reason();
}

/** Loads the module at `path` (relative to this file); uncached, so tests can point it elsewhere. */
export function loadWasmFrom(path: string): EngineLoad<Gemm> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(new URL(path, import.meta.url));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT'
      ? 'the WebAssembly kernels are not built (run npm run build)'
      : `the WebAssembly kernels could not be read: ${(error as Error).message}`;
    return { gemm: null, reason };
  }
  let kernels: Kernels;
  try {
    kernels = new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports as unknown as Kernels;
  } catch (error) {
    // A runtime without WebAssembly SIMD rejects the module at compile time.
    return { gemm: null, reason: `the WebAssembly kernels failed to load: ${String((error as Error).message).split('\n')[0]}` };
  }
  return { gemm: wasmGemm(kernels), reason: '' };
}

function wasmGemm(kernels: Kernels): Gemm {
  const tileRows = kernels.TILE_ROWS.value;
  const tileCols = kernels.TILE_COLS.value;
  const layout = allocate(kernels, tileRows, tileCols);
  return {
    name: 'wasm',
    sgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc) {
      const float32 = a instanceof Float32Array && b instanceof Float32Array && c instanceof Float32Array;
      // Float64 keeps its float64 accumulation; an empty product or alpha = 0 is just C = beta C.
      if (!float32 || m === 0 || n === 0 || k === 0 || alpha === 0) {
        jsGemm.sgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        return;
      }
      checkGemmArgs(transA, transB, m, n, k, a, lda, b, ldb, c, ldc);
      multiply(kernels, layout, tileRows, tileCols, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    },
  };
}

/** Grows memory once to hold every scratch region at its largest (blocks are bounded by KC, MC, NC). */
function allocate(kernels: Kernels, tileRows: number, tileCols: number): Layout {
  const mcPadded = roundUp(MC, tileRows), ncPadded = roundUp(NC, tileCols);
  const sizes = { rawA: RAW_A, rawB: RAW_B, rawC: MC * NC, packedA: mcPadded * KC, packedB: KC * ncPadded };
  let next = roundUp(kernels.heapBase(), 64) / 4;
  const offsets = {} as Record<keyof typeof sizes, number>;
  for (const [name, size] of Object.entries(sizes) as [keyof typeof sizes, number][]) {
    offsets[name] = next;
    next += roundUp(size, 16); // 64-byte aligned regions: vector loads never straddle cache lines needlessly
  }
  const pageBytes = 65536;
  const needed = Math.ceil((next * 4) / pageBytes) - kernels.memory.buffer.byteLength / pageBytes;
  if (needed > 0) kernels.memory.grow(needed);
  return { heap: new Float32Array(kernels.memory.buffer), ...offsets };
}

function multiply(
  kernels: Kernels, layout: Layout, tileRows: number, tileCols: number,
  transA: boolean, transB: boolean, m: number, n: number, k: number,
  alpha: number, a: Float32Array, lda: number, b: Float32Array, ldb: number,
  beta: number, c: Float32Array, ldc: number,
): void {
  const { heap, rawA, rawB, rawC, packedA, packedB } = layout;
  for (let j0 = 0; j0 < n; j0 += NC) {
    const nc = Math.min(NC, n - j0);
    for (let p0 = 0; p0 < k; p0 += KC) {
      const kc = Math.min(KC, k - p0);
      // beta applies once, on the first depth block; later blocks accumulate onto it.
      const blockBeta = p0 === 0 ? beta : 1;
      // op(B)'s kc x nc block as tileCols-column strips: its lines are op(B)'s columns.
      if (transB) {
        const ld = stage(heap, b, j0 * ldb + p0, ldb, nc, kc, rawB, RAW_B);
        kernels.pack(rawB * 4, ld, 1, nc, kc, tileCols, packedB * 4);
      } else {
        const ld = stage(heap, b, p0 * ldb + j0, ldb, kc, nc, rawB, RAW_B);
        kernels.pack(rawB * 4, 1, ld, nc, kc, tileCols, packedB * 4);
      }
      // Stages op(A)[i0 .. i0 + rows, p0 .. p0 + kc] at rawA; returns its row stride there.
      const stageA = (i0: number, rows: number) => transA
        ? stage(heap, a, p0 * lda + i0, lda, kc, rows, rawA, RAW_A)
        : stage(heap, a, i0 * lda + p0, lda, rows, kc, rawA, RAW_A);
      const slabLd = m * kc <= RAW_A ? stageA(0, m) : 0;
      for (let i0 = 0; i0 < m; i0 += MC) {
        const mc = Math.min(MC, m - i0);
        const ld = slabLd || stageA(i0, mc);
        const at = slabLd ? rawA + (transA ? i0 : i0 * ld) : rawA;
        // op(A)'s mc x kc block as tileRows-row strips: its lines are op(A)'s rows.
        if (transA) kernels.pack(at * 4, 1, ld, mc, kc, tileRows, packedA * 4);
        else kernels.pack(at * 4, ld, 1, mc, kc, tileRows, packedA * 4);
        const cStart = i0 * ldc + j0;
        // beta = 0 does not read C, so there is nothing to copy in.
        if (blockBeta !== 0) stageRows(heap, c, cStart, ldc, mc, nc, rawC);
        kernels.multiplyBlock(mc, nc, kc, packedA * 4, packedB * 4, alpha, blockBeta, rawC * 4, nc);
        unstageRows(heap, rawC, c, cStart, ldc, mc, nc);
      }
    }
  }
}

/**
 * Copies the rows x cols window of `src` at `start` (row stride ld) into heap[at...], which
 * has room for `room` floats (at least rows x cols), and returns the window's row stride
 * there: one copy of the whole span, gaps included, when they are narrow and it fits, else
 * one copy per row.
 */
function stage(
  heap: Float32Array, src: Float32Array, start: number, ld: number, rows: number, cols: number, at: number, room: number,
): number {
  const span = (rows - 1) * ld + cols;
  if (ld - cols > MAX_COPIED_GAP || span > room) return stageRows(heap, src, start, ld, rows, cols, at);
  heap.set(src.subarray(start, start + span), at);
  return ld;
}

/** Copies the rows x cols window of `src` into heap[at...] densely (row stride cols, returned). */
function stageRows(heap: Float32Array, src: Float32Array, start: number, ld: number, rows: number, cols: number, at: number): number {
  if (ld === cols) heap.set(src.subarray(start, start + rows * cols), at);
  else for (let row = 0; row < rows; row++) heap.set(src.subarray(start + row * ld, start + row * ld + cols), at + row * cols);
  return cols;
}

/** The inverse of stageRows: heap[at...] (row stride cols) into the window of `dst`. */
function unstageRows(heap: Float32Array, at: number, dst: Float32Array, start: number, ld: number, rows: number, cols: number): void {
  if (ld === cols) dst.set(heap.subarray(at, at + rows * cols), start);
  else for (let row = 0; row < rows; row++) dst.set(heap.subarray(at + row * cols, at + (row + 1) * cols), start + row * ld);
}

function roundUp(value: number, multiple: number): number {
  return Math.ceil(value / multiple) * multiple;
}
