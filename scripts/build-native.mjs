#!/usr/bin/env node
/**
 * package.json's `install` script: builds the optional OpenBLAS GEMM addon
 * (native/*.c -> build/Release/deepsphere_gemm.node: the GEMMs and the model's element-wise
 * kernels) when OpenBLAS is installed.
 *
 * It always exits 0: without OpenBLAS, or when the build fails, the portable JS engine is
 * used instead, so `npm ci` never fails because of the addon. It prints exactly one line
 * saying which engine the install produced; node-gyp's output goes to a log file instead.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const addonPath = path.join(root, 'build', 'Release', 'deepsphere_gemm.node');
const logPath = path.join(root, 'build', 'native-build.log');
const FALLBACK = 'using the portable engine';

const multiarch = { x64: 'x86_64-linux-gnu', arm64: 'aarch64-linux-gnu' }[process.arch] ?? '';

/** Include directories to try, most specific first (Debian's openblas-* variants, Fedora, source installs, Homebrew). */
const INCLUDE_DIRS = [
  ...['openblas-pthread', 'openblas-openmp', 'openblas-serial'].map((v) => `/usr/include/${multiarch}/${v}`),
  `/usr/include/${multiarch}`, '/usr/include/openblas', '/usr/include',
  '/usr/local/include', '/opt/OpenBLAS/include', '/opt/homebrew/opt/openblas/include', '/usr/local/opt/openblas/include',
];
const LIB_DIRS = [
  `/usr/lib/${multiarch}`, '/usr/lib64', '/usr/lib', '/usr/local/lib', '/opt/OpenBLAS/lib',
  '/opt/homebrew/opt/openblas/lib', '/usr/local/opt/openblas/lib',
];

/**
 * A cblas.h from OpenBLAS specifically: the reference (netlib) cblas.h lacks the
 * openblas_* thread/config functions the addon calls, and may be what `cblas.h` resolves to.
 */
function findInclude() {
  return INCLUDE_DIRS.find((dir) => {
    try {
      return readFileSync(path.join(dir, 'cblas.h'), 'utf8').includes('openblas_get_config');
    } catch {
      return false;
    }
  });
}

function findLibDir() {
  return LIB_DIRS.find((dir) => ['libopenblas.so', 'libopenblas.dylib'].some((f) => existsSync(path.join(dir, f))));
}

/** glibc's vector math library (x86-64 only here): the LSTM cell kernel's exp/tanh vectorise through it. */
function hasLibmvec() {
  return process.arch === 'x64' && [`/usr/lib/${multiarch}`, `/lib/${multiarch}`, '/usr/lib64', '/lib64'].some((dir) => existsSync(path.join(dir, 'libmvec.so')));
}

/** Node's own headers next to the running binary (e.g. /usr/include/node), so node-gyp needs no download. */
function localNodeDir() {
  const prefix = path.resolve(path.dirname(process.execPath), '..');
  try {
    const header = readFileSync(path.join(prefix, 'include', 'node', 'node_version.h'), 'utf8');
    const part = (name) => header.match(new RegExp(`#define NODE_${name}_VERSION (\\d+)`))?.[1];
    const version = `v${part('MAJOR')}.${part('MINOR')}.${part('PATCH')}`;
    return version === process.version && existsSync(path.join(prefix, 'include', 'node', 'node_api.h'))
      ? prefix
      : undefined;
  } catch {
    return undefined;
  }
}

/** npm tells scripts where its bundled node-gyp is; outside npm, try npm's usual location, then PATH. */
function nodeGypCommand() {
  const candidates = [
    process.env.npm_config_node_gyp,
    path.resolve(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  ];
  const script = candidates.find((file) => file && existsSync(file));
  return script ? [process.execPath, [script]] : ['node-gyp', []];
}

function saveLog(text) {
  mkdirSync(path.dirname(logPath), { recursive: true });
  writeFileSync(logPath, text);
}

function main() {
  const include = findInclude();
  const libDir = findLibDir();
  if (!include || !libDir) {
    // A stale addon from an earlier build must not outlive the library it was built against.
    rmSync(addonPath, { force: true });
    console.log(`OpenBLAS not found: ${FALLBACK}`);
    return;
  }

  const nodeDir = localNodeDir();
  const [command, prefixArgs] = nodeGypCommand();
  const args = [
    ...prefixArgs, 'rebuild', ...(nodeDir ? [`--nodedir=${nodeDir}`] : []),
    '--', `-Dopenblas_include=${include}`, `-Dopenblas_libdir=${libDir}`, ...(hasLibmvec() ? ['-Dlibmvec=-lmvec'] : []),
  ];
  const result = spawnSync(command, args, { cwd: root, encoding: 'utf8', timeout: 300_000 });
  const log = [`$ ${command} ${args.join(' ')}`, result.stdout ?? '', result.stderr ?? '', result.error ? String(result.error) : ''].join('\n');
  saveLog(log);
  if (result.status !== 0 || !existsSync(addonPath)) {
    console.log(`OpenBLAS addon build failed (log: ${path.relative(root, logPath)}): ${FALLBACK}`);
    return;
  }

  // Prove it loads here (the library resolves, symbols bind) rather than at first use.
  try {
    const addon = createRequire(import.meta.url)(addonPath);
    console.log(`OpenBLAS addon built: ${addon.config()} (${path.relative(root, addonPath)})`);
  } catch (error) {
    saveLog(`${log}\nload failed: ${error}`);
    rmSync(addonPath, { force: true });
    console.log(`OpenBLAS addon failed to load (log: ${path.relative(root, logPath)}): ${FALLBACK}`);
  }
}

try {
  main();
} catch (error) {
  console.log(`OpenBLAS addon build failed (${error?.message ?? error}): ${FALLBACK}`);
}
process.exitCode = 0;
