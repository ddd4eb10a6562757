/**
 * Shared by the pickle / npy / dataset tests (not a test file itself): fixture paths and access to
 * Debian's Python with numpy for round-trip checks.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Absolute path of test/fixtures/pickles/<name> (tests run from dist/, fixtures stay in the repo). */
export function fixturePath(name: string): string {
  return fileURLToPath(new URL(`../../../test/fixtures/pickles/${name}`, import.meta.url));
}

export function readFixtureJson<T>(name: string): T {
  return JSON.parse(readFileSync(fixturePath(name), 'utf8')) as T;
}

/** Debian's interpreter: the pyenv `python3` on PATH may lack numpy. */
const PYTHON = '/usr/bin/python3';

let numpyAvailable: boolean | undefined;

/** Why Python checks must be skipped, or undefined when /usr/bin/python3 has numpy. */
export function pythonSkipReason(): string | undefined {
  numpyAvailable ??= spawnSync(PYTHON, ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0;
  return numpyAvailable ? undefined : `${PYTHON} with numpy not available (install python3-numpy)`;
}

/** Runs `code` with `args` in sys.argv[1:], returns stdout parsed as JSON; fails with Python's stderr. */
export function runPythonJson<T>(code: string, ...args: string[]): T {
  const result = spawnSync(PYTHON, ['-c', code, ...args], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`python failed (${result.status}): ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}
