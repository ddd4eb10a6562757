import { createRequire } from 'node:module';
import { lazyEngine, type EngineLoad, type FloatArray, type Gemm, type NativeKernels } from './gemm.js';
import { jsGemm } from './gemm-js.js';

/**
 * GEMM through the optional OpenBLAS addon (native/gemm.c), built by `npm ci` when OpenBLAS
 * is installed (scripts/build-native.mjs). Absent addon => loadOpenblasGemm() returns null.
 */

/** Where the addon lands, relative to this file in both src/engine and dist/engine. */
export const ADDON_PATH = '../../build/Release/deepsphere_gemm.node';

type GemmFn = (
  transA: boolean, transB: boolean, m: number, n: number, k: number,
  alpha: number, a: FloatArray, lda: number, b: FloatArray, ldb: number,
  beta: number, c: FloatArray, ldc: number,
) => void;

/** The addon's exports (see native/gemm.c). */
interface Addon {
  sgemm: GemmFn;
  dgemm: GemmFn;
  setThreads(threads: number): void;
  getThreads(): number;
  config(): string;
  /** native/lstm-cell.c and native/residual.c; absent from addons built before them. */
  transposeInput?: NativeKernels['transposeInput'];
  cellForward?: NativeKernels['cellForward'];
  cellBackward?: NativeKernels['cellBackward'];
  residualPass?: NativeKernels['residualPass'];
  residualErrors?: NativeKernels['residualErrors'];
}

export interface OpenblasGemm extends Gemm {
  /** OpenBLAS's build description, e.g. "OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH NO_AFFINITY Haswell MAX_THREADS=64". */
  readonly config: string;
  /** "0.3.21", parsed from `config`; "unknown" if the format ever changes. */
  readonly version: string;
  setThreads(threads: number): void;
  getThreads(): number;
}

/**
 * Below this m*n*k a product runs on one thread whatever setThreads says. The LSTM's per-step
 * recurrent products (B x 4H x H, a few MFLOP) take ~0.1 ms, about what waking and joining
 * OpenBLAS's threads costs (OpenBLAS's own cut-off, 262144, is far lower): measured 1.2-1.7x
 * faster single-threaded on 2 cores, more on a busy machine. The large products keep all threads.
 */
export const SINGLE_THREAD_BELOW_MNK = 2 ** 24;

const openblas = lazyEngine(() => loadOpenblasFrom(ADDON_PATH));

/** The OpenBLAS engine, or null when the addon is not built or cannot load (see openblasUnavailableReason). */
export function loadOpenblasGemm(): OpenblasGemm | null {
  return openblas.engine();
}

/** Why loadOpenblasGemm() returned null, as a clause for a one-line message; '' when it loaded. */
export function openblasUnavailableReason(): string {
  return openblas.reason();
}

/** Loads the addon at `path` (relative to this file); uncached, so tests can point it elsewhere. */
export function loadOpenblasFrom(path: string): EngineLoad<OpenblasGemm> {
  let addon: Addon;
  try {
    addon = createRequire(import.meta.url)(path) as Addon;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'MODULE_NOT_FOUND'
      ? 'the OpenBLAS addon is not built (install libopenblas-dev, then rerun npm ci)'
      : `the OpenBLAS addon failed to load: ${String((error as Error).message).split('\n')[0]}`;
    return { gemm: null, reason };
  }
  const config = addon.config();
  let threads = addon.getThreads();
  return {
    reason: '',
    gemm: {
      name: 'openblas',
      config,
      version: /OpenBLAS\s+(\d+(?:\.\d+)*)/.exec(config)?.[1] ?? 'unknown',
      setThreads(count) {
        addon.setThreads(count);
        threads = addon.getThreads();
      },
      getThreads: () => addon.getThreads(),
      ...(addon.transposeInput && addon.cellForward && addon.cellBackward && addon.residualPass && addon.residualErrors
        ? {
          kernels: {
            transposeInput: addon.transposeInput, cellForward: addon.cellForward, cellBackward: addon.cellBackward,
            residualPass: addon.residualPass, residualErrors: addon.residualErrors,
          },
        }
        : {}),
      sgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc) {
        const single = threads > 1 && m * n * k < SINGLE_THREAD_BELOW_MNK;
        if (single) addon.setThreads(1);
        try {
          product(addon, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        } finally {
          if (single) addon.setThreads(threads);
        }
      },
    },
  };
}

/** The addon wants one element type throughout; mixed calls are rare enough to leave to JS. */
function product(addon: Addon, ...[transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc]: Parameters<GemmFn>): void {
  if (a instanceof Float32Array && b instanceof Float32Array && c instanceof Float32Array) {
    addon.sgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
  } else if (a instanceof Float64Array && b instanceof Float64Array && c instanceof Float64Array) {
    addon.dgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
  } else {
    jsGemm.sgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
  }
}
