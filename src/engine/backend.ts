import { UserError } from '../errors.js';
import type { Gemm } from './gemm.js';
import { jsGemm } from './gemm-js.js';
import { loadOpenblasGemm, openblasUnavailableReason } from './gemm-openblas.js';
import { loadWasmGemm, wasmUnavailableReason } from './gemm-wasm.js';

/**
 * Picks the GEMM engine. DEEPSPHERE_BLAS=js|wasm|openblas forces one; unset (or empty) means
 * OpenBLAS when its addon is built, else the WebAssembly SIMD kernels when they load, else
 * the plain JS engine. The variable is read on every call, so tests and the bench can switch
 * engines within one process.
 */

export const ENGINE_NAMES = ['js', 'wasm', 'openblas'] as const;
export type EngineName = (typeof ENGINE_NAMES)[number];

export function getGemm(): Gemm {
  const requested = (process.env.DEEPSPHERE_BLAS ?? '').trim();
  if (requested === '') return loadOpenblasGemm() ?? loadWasmGemm() ?? jsGemm;
  if (requested === 'js') return jsGemm;
  if (requested === 'wasm') {
    const wasm = loadWasmGemm();
    if (!wasm) throw new UserError(`DEEPSPHERE_BLAS=wasm, but ${wasmUnavailableReason()}`);
    return wasm;
  }
  if (requested === 'openblas') {
    const openblas = loadOpenblasGemm();
    if (!openblas) throw new UserError(`DEEPSPHERE_BLAS=openblas, but ${openblasUnavailableReason()}`);
    return openblas;
  }
  throw new UserError(`DEEPSPHERE_BLAS=${requested}: expected one of ${ENGINE_NAMES.join(', ')}`);
}

/**
 * Threads OpenBLAS may use (it defaults to OPENBLAS_NUM_THREADS, else one per core).
 * The JS and wasm engines are single-threaded, so without the addon this only validates `threads`.
 */
export function setGemmThreads(threads: number): void {
  if (!Number.isInteger(threads) || threads < 1) {
    throw new UserError(`threads: expected an integer >= 1, got ${threads}`);
  }
  loadOpenblasGemm()?.setThreads(threads);
}

/**
 * One line for the CLI and the bench, e.g. "openblas 0.3.21 (2 threads)",
 * "wasm simd (portable, 1 thread)" or "js (portable, 1 thread)".
 */
export function describeEngine(gemm: Gemm = getGemm()): string {
  const openblas = loadOpenblasGemm();
  if (openblas && gemm === openblas) {
    const threads = openblas.getThreads();
    return `openblas ${openblas.version} (${threads} thread${threads === 1 ? '' : 's'})`;
  }
  if (gemm === loadWasmGemm()) return 'wasm simd (portable, 1 thread)';
  return `${gemm.name} (portable, 1 thread)`;
}
