import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UserError } from '../errors.js';
import { DEFAULT_GENERATE_OPTIONS, parseKinds, resolveGenerateOptions, type GenerateOptions } from './options.js';

function rejects(partial: Partial<GenerateOptions>, flag: string): void {
  assert.throws(
    () => resolveGenerateOptions(partial),
    (error: unknown) => error instanceof UserError && error.message.startsWith(flag) && !error.message.includes('\n'),
    `expected a one-line UserError naming ${flag}`,
  );
}

test('defaults match the example data set', () => {
  const options = resolveGenerateOptions();
  assert.deepEqual(
    { cases: options.cases, steps: options.steps, nodes: options.nodes, ratio: options.ratio },
    { cases: 1000, steps: 10, nodes: 20, ratio: 0.1 },
  );
  assert.deepEqual(options.kinds, ['burst', 'outage', 'new-links', 'phase']);
  assert.notEqual(options.kinds, DEFAULT_GENERATE_OPTIONS.kinds, 'callers get their own kinds array');
});

test('bad values are one-line UserErrors naming the flag', () => {
  rejects({ cases: -1 }, '--cases');
  rejects({ cases: 0 }, '--cases');
  rejects({ cases: 2.5 }, '--cases');
  rejects({ steps: -3 }, '--steps');
  rejects({ nodes: 1 }, '--nodes');
  rejects({ communities: 0 }, '--communities');
  rejects({ nodes: 5, communities: 6 }, '--communities');
  rejects({ ratio: -0.1 }, '--ratio');
  rejects({ ratio: 1.5 }, '--ratio');
  rejects({ ratio: NaN }, '--ratio');
  rejects({ magnitude: 0 }, '--magnitude');
  rejects({ noise: -0.01 }, '--noise');
  rejects({ period: 1 }, '--period');
  rejects({ seed: -1 }, '--seed');
  rejects({ graphSeed: 2 ** 32 }, '--graph-seed');
  rejects({ kinds: [] }, '--kinds');
  rejects({ kinds: ['burst', 'spike' as never] }, '--kinds');
  rejects({ steps: 1, kinds: ['phase'] }, '--kinds');
  rejects({ cases: 1_000_000, steps: 100, nodes: 100 }, '--cases');
});

test('ratio bounds and a one-step case without phase are accepted', () => {
  assert.equal(resolveGenerateOptions({ ratio: 0 }).ratio, 0);
  assert.equal(resolveGenerateOptions({ ratio: 1 }).ratio, 1);
  assert.equal(resolveGenerateOptions({ steps: 1, kinds: ['burst'] }).steps, 1);
  assert.equal(resolveGenerateOptions({ steps: 1, ratio: 0 }).steps, 1, 'no anomalies, so phase is never needed');
});

test('parseKinds splits, trims, dedupes and rejects unknown names', () => {
  assert.deepEqual(parseKinds('burst, phase,burst'), ['burst', 'phase']);
  assert.deepEqual(parseKinds('new-links'), ['new-links']);
  assert.throws(() => parseKinds('burst,spike'), /--kinds: unknown kind 'spike'/);
  assert.throws(() => parseKinds(' , '), /--kinds/);
});
