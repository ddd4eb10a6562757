import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UserError } from './errors.js';
import { defaultMemoryBudget, formatBytes, parseMemorySize } from './memory.js';

test('--max-memory sizes: plain bytes or binary units, with an optional B / iB', () => {
  assert.equal(parseMemorySize('1024'), 1024);
  assert.equal(parseMemorySize('4G'), 4 * 2 ** 30);
  assert.equal(parseMemorySize('512m'), 512 * 2 ** 20);
  assert.equal(parseMemorySize(' 1.5GiB '), 1.5 * 2 ** 30);
  assert.equal(parseMemorySize('2kb'), 2048);
  for (const bad of ['', 'abc', '0', '-1G', '4X', '1e9']) {
    assert.throws(() => parseMemorySize(bad), (e: unknown) => e instanceof UserError && /^--max-memory: cannot parse/.test(e.message), bad);
  }
});

test('sizes in messages, and a default budget below physical memory', () => {
  assert.equal(formatBytes(512), '512 B');
  assert.equal(formatBytes(3 * 2 ** 20), '3.0 MiB');
  assert.equal(formatBytes(1.25 * 2 ** 30), '1.3 GiB');
  assert.ok(defaultMemoryBudget() > 0);
});
