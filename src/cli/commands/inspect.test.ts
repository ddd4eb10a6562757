import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fixturePath } from '../../io/pickle/testing.js';

const MAIN = fileURLToPath(new URL('../main.js', import.meta.url));

function inspect(...args: string[]) {
  return spawnSync(process.execPath, [MAIN, 'inspect', ...args], { encoding: 'utf8' });
}

test('inspect --json prints the exact summary', () => {
  const result = inspect(fixturePath('cases8-p3-f32.pkl'), '--json');
  assert.equal(result.status, 0, result.stderr);
  assert.equal(
    result.stdout,
    '{"cases":8,"steps":10,"nodes":20,"dtype":"float32","labels":{"anomalous":1,"normal":7},"nestedCells":16}\n',
  );
});

test('inspect --json: float64 source, no diff, --labels-one-means-normal', () => {
  assert.equal(
    inspect(fixturePath('ds-one-means-normal.pkl'), '--json', '--labels-one-means-normal').stdout,
    '{"cases":4,"steps":3,"nodes":3,"dtype":"float32","labels":{"anomalous":1,"normal":3},"nestedCells":null}\n',
  );
  assert.match(inspect(fixturePath('cases8-p4-f64.pkl'), '--json').stdout, /"dtype":"float64"/);
});

test('inspect without --json is a short human-readable summary', () => {
  const result = inspect(fixturePath('ds-fortran-bigendian-meta.pkl'));
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /: 4 cases x 3 steps x 3 nodes \(float64\)\n/);
  assert.match(result.stdout, /labels: 2 anomalous, 2 normal\n/);
  assert.match(result.stdout, /known anomalous cells: 3\n/);
  assert.match(result.stdout, /node names: a, b, c\n/);
});

test('bad files: one line on stderr, non-zero exit, no stack trace', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'inspect-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const truncated = join(dir, 'truncated.pkl');
  writeFileSync(truncated, readFileSync(fixturePath('ds-labels-int.pkl')).subarray(0, 300));
  for (const [file, pattern] of [
    [fixturePath('evil-reduce.pkl'), /refused to load global 'posix\.system'/],
    [truncated, /truncated\.pkl: truncated pickle/],
    [join(dir, 'missing.pkl'), /missing\.pkl: no such file or directory/],
    [fixturePath('f4-fortran.npy'), /not a pickle/],
  ] as const) {
    const result = inspect(file, '--json');
    assert.notEqual(result.status, 0);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /^deepsphere: [^\n]*\n$/);
    assert.match(result.stderr, pattern);
    assert.doesNotMatch(result.stderr, /    at /);
  }
});
