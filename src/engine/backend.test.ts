import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { afterEach, test, type TestContext } from 'node:test';
import { UserError } from '../errors.js';
import { describeEngine, getGemm, setGemmThreads } from './backend.js';
import { jsGemm } from './gemm-js.js';
import { ADDON_PATH, loadOpenblasFrom, loadOpenblasGemm, openblasUnavailableReason } from './gemm-openblas.js';
import { loadWasmFrom, loadWasmGemm, wasmUnavailableReason } from './gemm-wasm.js';

const original = process.env.DEEPSPHERE_BLAS;
afterEach(() => {
  if (original === undefined) delete process.env.DEEPSPHERE_BLAS;
  else process.env.DEEPSPHERE_BLAS = original;
});

const openblas = loadOpenblasGemm();
const wasm = loadWasmGemm();

test('default engine: openblas when the addon loaded, else wasm when it loaded, else js', () => {
  delete process.env.DEEPSPHERE_BLAS;
  assert.equal(getGemm(), openblas ?? wasm ?? jsGemm);
  process.env.DEEPSPHERE_BLAS = '';
  assert.equal(getGemm(), openblas ?? wasm ?? jsGemm);
});

test('the wasm kernels are built by npm run build and load here', () => {
  assert.equal(wasmUnavailableReason(), '');
  assert.equal(wasm?.name, 'wasm');
});

test('DEEPSPHERE_BLAS=wasm forces the WebAssembly SIMD engine', () => {
  process.env.DEEPSPHERE_BLAS = 'wasm';
  assert.equal(getGemm(), wasm);
  assert.equal(describeEngine(), 'wasm simd (portable, 1 thread)');
});

test('missing or unloadable wasm kernels load as null with a reason', () => {
  const missing = loadWasmFrom('./no-such-kernels.wasm');
  assert.equal(missing.gemm, null);
  assert.equal(missing.reason, 'the WebAssembly kernels are not built (run npm run build)');
  // A file that is not a module stands in for a runtime that rejects SIMD: same one-line refusal.
  const broken = loadWasmFrom('./gemm-wasm.js');
  assert.equal(broken.gemm, null);
  assert.match(broken.reason, /^the WebAssembly kernels failed to load: [^\n]+$/);
});

test('DEEPSPHERE_BLAS=js forces the portable engine', () => {
  process.env.DEEPSPHERE_BLAS = 'js';
  assert.equal(getGemm(), jsGemm);
  assert.equal(describeEngine(), 'js (portable, 1 thread)');
});

test('DEEPSPHERE_BLAS=openblas: the addon, or a one-line UserError saying why not', () => {
  process.env.DEEPSPHERE_BLAS = 'openblas';
  if (openblas) {
    assert.equal(getGemm(), openblas);
    return;
  }
  assert.throws(getGemm, (error: unknown) => {
    assert.ok(error instanceof UserError);
    assert.equal(error.message, `DEEPSPHERE_BLAS=openblas, but ${openblasUnavailableReason()}`);
    assert.ok(!error.message.includes('\n'));
    return true;
  });
});

test('an unknown DEEPSPHERE_BLAS value is a one-line UserError naming the choices', () => {
  process.env.DEEPSPHERE_BLAS = 'mkl';
  assert.throws(getGemm, (error: unknown) => {
    assert.ok(error instanceof UserError);
    assert.equal(error.message, 'DEEPSPHERE_BLAS=mkl: expected one of js, wasm, openblas');
    return true;
  });
});

test('a missing addon loads as null with a reason', () => {
  const missing = loadOpenblasFrom('../../build/Release/no-such-addon.node');
  assert.equal(missing.gemm, null);
  assert.match(missing.reason, /^the OpenBLAS addon is not built/);
});

test('setGemmThreads validates, and drives OpenBLAS when present', (t: TestContext) => {
  for (const bad of [0, -1, 1.5, NaN]) assert.throws(() => setGemmThreads(bad), UserError);
  if (!openblas) {
    setGemmThreads(2); // accepted, nothing to drive
    t.skip(openblasUnavailableReason());
    return;
  }
  const before = openblas.getThreads();
  try {
    setGemmThreads(1);
    assert.equal(openblas.getThreads(), 1);
    assert.equal(describeEngine(openblas), `openblas ${openblas.version} (1 thread)`);
    setGemmThreads(2);
    assert.equal(openblas.getThreads(), 2);
    assert.equal(describeEngine(openblas), `openblas ${openblas.version} (2 threads)`);
  } finally {
    setGemmThreads(before);
  }
});

test('the addon reports its OpenBLAS build and refuses wrong argument types', (t: TestContext) => {
  if (!openblas) {
    t.skip(openblasUnavailableReason());
    return;
  }
  assert.match(openblas.config, /^OpenBLAS \d/);
  assert.match(openblas.version, /^\d+\.\d+/);
  // Mixed element types go to the JS kernel rather than failing.
  const c = new Float32Array(1);
  openblas.sgemm(false, false, 1, 1, 1, 1, new Float64Array([3]), 1, new Float32Array([2]), 1, 0, c, 1);
  assert.equal(c[0], 6);
  // The raw addon, not the wrapper: untyped JS values reach the C code only through its checks.
  const raw = createRequire(import.meta.url)(ADDON_PATH) as { sgemm: (...args: unknown[]) => void };
  const a = new Float32Array(1);
  assert.throws(() => raw.sgemm(1, false, 1, 1, 1, 1, a, 1, a.slice(), 1, 0, c, 1), TypeError);
  assert.throws(() => raw.sgemm(false, false, 1, 1, 1, 1, [1], 1, a.slice(), 1, 0, c, 1), TypeError);
  assert.throws(() => raw.sgemm(false, false, 1, 1, 1, 1, new Float64Array(1), 1, a.slice(), 1, 0, c, 1), TypeError);
  assert.throws(() => raw.sgemm(false, false, 1, 1, 1, 'x', a, 1, a.slice(), 1, 0, c, 1), TypeError);
  assert.throws(() => raw.sgemm(false, false, 2 ** 31, 1, 1, 1, a, 1, a.slice(), 1, 0, c, 1), RangeError);
  assert.throws(() => raw.sgemm(false, false, 1, 1), TypeError);
});
