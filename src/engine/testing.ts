/** Test helper: run a test body once per GEMM engine, skipping (with the reason) engines not built here. */
import { test, type TestContext } from 'node:test';
import type { Gemm } from './gemm.js';
import { jsGemm } from './gemm-js.js';
import { loadOpenblasGemm, openblasUnavailableReason } from './gemm-openblas.js';
import { loadWasmGemm, wasmUnavailableReason } from './gemm-wasm.js';

export const TEST_ENGINES: { name: string; gemm: Gemm | null; reason: string }[] = [
  { name: 'js', gemm: jsGemm, reason: '' },
  { name: 'wasm', gemm: loadWasmGemm(), reason: wasmUnavailableReason() },
  { name: 'openblas', gemm: loadOpenblasGemm(), reason: openblasUnavailableReason() },
];

/** The engines built here, for tests that loop over engines themselves. */
export const AVAILABLE_ENGINES: Gemm[] = TEST_ENGINES.flatMap((engine) => (engine.gemm ? [engine.gemm] : []));

export function engineTest(title: string, body: (gemm: Gemm, t: TestContext) => void | Promise<void>): void {
  for (const engine of TEST_ENGINES) {
    test(`${engine.name}: ${title}`, async (t: TestContext) => {
      if (!engine.gemm) {
        t.skip(engine.reason);
        return;
      }
      await body(engine.gemm, t);
    });
  }
}
