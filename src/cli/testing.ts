/** Test helpers for running the built CLI as a user would (a fresh process, real files). */
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('./main.js', import.meta.url));

export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
}

/** A fresh temp directory for `body`, removed afterwards (also when body throws or rejects). */
export async function withTempDir<T>(prefix: string, body: (dir: string) => T | Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), `deepsphere-${prefix}-`));
  try {
    return await body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A refused command: non-zero exit, one line on stderr matching `pattern`, no stack trace. */
export function assertOneLineFailure(result: { status: number | null; stderr: string }, pattern: RegExp): void {
  assert.notEqual(result.status, 0);
  assert.match(result.stderr, pattern);
  assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
  assert.ok(!/\n\s+at /.test(result.stderr), 'no stack trace');
}
