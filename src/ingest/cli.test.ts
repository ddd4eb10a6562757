import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli, withTempDir } from '../cli/testing.js';
import { loadDataset } from '../io/dataset-file.js';

const FIXTURES = fileURLToPath(new URL('../../test/fixtures/edges/', import.meta.url));
const FLIGHTS = fileURLToPath(new URL('../../node_modules/vega-datasets/data/flights-3m.parquet', import.meta.url));

const SMALL = ['--time-col', 'ts', '--source-col', 'from', '--target-col', 'to', '--case-length', '2h', '--step', '1h'];

test('ingest writes a pickle with node names, case times and step length', async () => {
  await withTempDir('ingest-cli', (dir) => {
    const out = join(dir, 'cases.pkl');
    const result = runCli(['ingest', '--edges', join(FIXTURES, 'small.csv'), '--out', out, ...SMALL, '--weight-col', 'bytes', '--tz', '+02:00']);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^wrote .*cases\.pkl: 4 cases x 2 steps x 4 nodes \(of 4 seen\), .*8 of 8 rows used \(--agg sum\)/);
    const dataset = loadDataset(out);
    assert.deepEqual(dataset.shape, [4, 2, 4, 4]);
    assert.deepEqual(dataset.nodeNames, ['A', 'B', 'C', 'D']);
    assert.equal(dataset.caseTimes![3], '2024-01-01T06:00:00+02:00');
    assert.equal(dataset.stepSeconds, 3600);
    assert.equal(dataset.data[1], 6); // case 0, step 0, A -> B: 2 + 4
  });
});

test('--delimiter reads another extension as delimited text', async () => {
  await withTempDir('ingest-cli', (dir) => {
    const edges = join(dir, 'edges.txt');
    writeFileSync(edges, 'ts;from;to\n2024-01-01 00:10;A;B\n');
    const out = join(dir, 'cases.pkl');
    const result = runCli(['ingest', '--edges', edges, '--out', out, ...SMALL, '--delimiter', ';']);
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(loadDataset(out).shape, [1, 2, 2, 2]);
  });
});

const FAILURES: [string, string[], RegExp][] = [
  ['missing column', ['--time-col', 'when'], /small\.csv: --time-col: no column 'when' \(columns: ts, from, to, bytes\)/],
  ['bad duration', ['--step', '1 hour'], /--step: cannot parse duration '1 hour'/],
  ['step not dividing the case', ['--case-length', '1d', '--step', '7h'], /--case-length \(86400 s\) is not a whole multiple of --step \(25200 s\)/],
  ['unknown file type', ['--edges', join(FIXTURES, 'nodes.txt')], /nodes\.txt: unknown file type '\.txt'/],
  ['missing file', ['--edges', join(FIXTURES, 'absent.csv')], /absent\.csv: no such file or directory/],
  ['memory guard', ['--max-memory', '100'], /dense tensor \(M=4, T=2, N=4\) needs 512 B .* use a smaller --nodes/],
  ['bad time zone', ['--tz', 'Nowhere/City'], /--tz: unknown time zone 'Nowhere\/City'/],
  ['sum without weights', ['--agg', 'sum'], /--agg sum: needs --weight-col/],
];

for (const [name, extra, message] of FAILURES) {
  test(`ingest refuses ${name}: one line on stderr, non-zero exit, no output file`, async () => {
    await withTempDir('ingest-cli', (dir) => {
      const out = join(dir, 'cases.pkl');
      const result = runCli(['ingest', '--edges', join(FIXTURES, 'small.csv'), '--out', out, ...SMALL, ...extra]);
      assert.notEqual(result.status, 0);
      assert.match(result.stderr, message);
      assert.equal(result.stderr.trimEnd().split('\n').length, 1, result.stderr);
      assert.deepEqual(readdirSync(dir), []);
    });
  });
}

test('inject on an ingested file: labels, exact diff, metadata carried over', async () => {
  await withTempDir('ingest-cli', (dir) => {
    const cases = join(dir, 'cases.pkl');
    const injected = join(dir, 'injected.pkl');
    // 48 one-hour cases of 4 x 15 min from a generated hourly ring of 5 nodes.
    const lines = ['ts,from,to'];
    for (let minute = 0; minute < 48 * 60; minute += 5) {
      const time = new Date(Date.UTC(2024, 0, 1) + minute * 60_000).toISOString();
      lines.push(`${time},n${minute % 5},n${(minute + 1) % 5}`, `${time},n${minute % 3},n${(minute + 2) % 5}`);
    }
    writeFileSync(join(dir, 'ring.csv'), lines.join('\n') + '\n');
    const ingest = runCli(['ingest', '--edges', join(dir, 'ring.csv'), '--out', cases, ...SMALL.slice(0, 6), '--case-length', '1h', '--step', '15m']);
    assert.equal(ingest.status, 0, ingest.stderr);
    const result = runCli(['inject', '--data', cases, '--ratio', '0.25', '--kinds', 'burst,outage,new-links,phase', '--magnitude', '0.5', '--seed', '3', '--out', injected]);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /48 cases, 12 injected/);
    const before = loadDataset(cases);
    const after = loadDataset(injected);
    assert.equal(after.labels!.reduce((sum, label) => sum + label, 0), 12);
    assert.deepEqual(after.nodeNames, before.nodeNames);
    assert.deepEqual(after.caseTimes, before.caseTimes);
    assert.equal(after.stepSeconds, 900);
    const [, t, n] = before.shape;
    const diff = after.diff!;
    const listed = new Set<number>();
    for (let k = 0; k < diff.value.length; k++) {
      const cell = ((diff.caseIndex[k] * t + diff.t[k]) * n + diff.i[k]) * n + diff.j[k];
      listed.add(cell);
      assert.equal(after.data[cell] - before.data[cell], diff.value[k]);
    }
    for (let cell = 0; cell < before.data.length; cell++) assert.equal(after.data[cell] !== before.data[cell], listed.has(cell), `cell ${cell}`);

    const bad = runCli(['inject', '--data', cases, '--ratio', '2', '--out', join(dir, 'x.pkl')]);
    assert.notEqual(bad.status, 0);
    assert.match(bad.stderr, /--ratio: expected a number in \[0, 1\], got '2'/);
    assert.equal(existsSync(join(dir, 'x.pkl')), false);
  });
});

test('ingest reads Parquet timestamps (flights-3m, first week)', { skip: !existsSync(FLIGHTS) && 'vega-datasets not installed' }, async () => {
  await withTempDir('ingest-cli', (dir) => {
    const out = join(dir, 'flights.pkl');
    const args = ['--time-col', 'date', '--source-col', 'origin', '--target-col', 'destination', '--nodes', 'top:10', '--end', '2001-01-08'];
    const result = runCli(['ingest', '--edges', FLIGHTS, '--out', out, ...args]);
    assert.equal(result.status, 0, result.stderr);
    const dataset = loadDataset(out);
    assert.deepEqual(dataset.shape, [7, 24, 10, 10]);
    assert.equal(dataset.caseTimes![6], '2001-01-07T00:00:00Z');
  });
});
