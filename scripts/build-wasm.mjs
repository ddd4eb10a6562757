#!/usr/bin/env node
/**
 * Part of `npm run build`: compiles the WebAssembly SIMD GEMM kernels (assembly/gemm.ts,
 * AssemblyScript) into dist/engine/gemm.wasm, next to the gemm-wasm.js that loads it.
 * The compiler is the `assemblyscript` devDependency, so no toolchain is downloaded.
 */
import asc from 'assemblyscript/asc';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { error, stderr } = await asc.main([
  path.join(root, 'assembly', 'gemm.ts'),
  '--outFile', path.join(root, 'dist', 'engine', 'gemm.wasm'),
  '-O3', '--noAssert',
  // No managed objects in the kernels: the stub runtime adds nothing, and `abort=` drops the
  // only import, so the module instantiates with an empty import object.
  '--runtime', 'stub', '--use', 'abort=',
  '--enable', 'simd',
]);
if (error) {
  process.stderr.write(stderr.toString());
  console.error(`build-wasm: ${error.message}`);
  process.exit(1);
}
