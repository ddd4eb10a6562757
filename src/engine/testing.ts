/** Test helper: run a test body once per GEMM engine, skipping (with the reason) engines not built here. */
import { test, type TestContext } from 'node:test';
import type { Gemm } from './gemm.js';
import { jsGemm } from './gemm-js.js';
import { loadOpenblasGemm, openblasUnavailableReason } from './gemm-openblas.js';

export const TEST_ENGINES: { name: string; gemm: Gemm | null; reason: string }[] = [
  { name: 'js', gemm: jsGemm, reason: '' },
  { name: 'openblas', gemm: loadOpenblasGemm(), reason: openblasUnavailableReason() },
];

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
