import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Dataset } from '../io/dataset.js';
import { UserError } from '../errors.js';
import { ingestEdges, type IngestOptions } from './ingest.js';
import { parseNodeSpec } from './nodes.js';
import { parseTimeZone } from './zone.js';

const FIXTURES = fileURLToPath(new URL('../../test/fixtures/edges/', import.meta.url));
const fixture = (name: string) => join(FIXTURES, name);

/** The fixtures hold the same 8 events; small.csv writes them as naive wall times (see the test names). */
function options(overrides: Partial<IngestOptions> = {}): IngestOptions {
  return {
    edges: fixture('small.csv'),
    columns: { time: 'ts', source: 'from', target: 'to' },
    agg: 'count',
    caseSeconds: 7200,
    stepSeconds: 3600,
    zone: parseTimeZone('UTC'),
    epochUnit: 'auto',
    nodes: { kind: 'all' },
    other: 'drop',
    undirected: false,
    dropEmpty: false,
    maxMemoryBytes: 2 ** 30,
    ...overrides,
  };
}

/** Non-zero cells as 'case,step,source,target' -> value, with node names, for readable expectations. */
function cells(dataset: Dataset): Record<string, number> {
  const [m, t, n] = dataset.shape;
  const names = dataset.nodeNames!;
  const found: Record<string, number> = {};
  for (let c = 0; c < m; c++)
    for (let s = 0; s < t; s++)
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) {
          const value = dataset.data[((c * t + s) * n + i) * n + j];
          if (value !== 0) found[`${c},${s},${names[i]},${names[j]}`] = value;
        }
  return found;
}

const COUNTS = {
  '0,0,A,B': 2,
  '0,0,B,A': 1,
  '0,1,A,C': 1,
  '0,1,C,C': 1,
  '1,0,B,C': 1,
  '1,1,D,A': 1,
  '3,0,A,B': 1,
};

test('count: events bucketed by case (2h) and step (1h), nodes ranked by activity, empty case kept', async () => {
  const { dataset, summary } = await ingestEdges(options());
  assert.deepEqual(dataset.shape, [4, 2, 4, 4]);
  assert.deepEqual(dataset.nodeNames, ['A', 'B', 'C', 'D']);
  assert.deepEqual(dataset.caseTimes, ['2024-01-01T00:00:00Z', '2024-01-01T02:00:00Z', '2024-01-01T04:00:00Z', '2024-01-01T06:00:00Z']);
  assert.equal(dataset.stepSeconds, 3600);
  assert.deepEqual(cells(dataset), COUNTS);
  assert.equal(summary.scan.rows, 8);
  assert.equal(summary.edgesUsed, 8);
});

test('sum and mean of the weight column', async () => {
  const weighted = { columns: { time: 'ts', source: 'from', target: 'to', weight: 'bytes' } };
  const sum = await ingestEdges(options({ ...weighted, agg: 'sum' }));
  // Ranking by summed weight: A 2+4+1+3+7+1 = 18, D 7, C 3+5+1 = 9, B 2+4+1+1+1 = 9 (tie: by name).
  assert.deepEqual(sum.dataset.nodeNames, ['A', 'B', 'C', 'D']);
  assert.deepEqual(cells(sum.dataset), {
    '0,0,A,B': 6,
    '0,0,B,A': 1,
    '0,1,A,C': 3,
    '0,1,C,C': 5,
    '1,0,B,C': 1,
    '1,1,D,A': 7,
    '3,0,A,B': 1,
  });
  const mean = await ingestEdges(options({ ...weighted, agg: 'mean' }));
  assert.equal(cells(mean.dataset)['0,0,A,B'], 3);
  assert.equal(cells(mean.dataset)['1,1,D,A'], 7);
});

test('undirected: both directions share a cell, mirrored; a self-loop counts once', async () => {
  const { dataset } = await ingestEdges(options({ undirected: true }));
  assert.deepEqual(cells(dataset), {
    '0,0,A,B': 3,
    '0,0,B,A': 3,
    '0,1,A,C': 1,
    '0,1,C,A': 1,
    '0,1,C,C': 1,
    '1,0,B,C': 1,
    '1,0,C,B': 1,
    '1,1,A,D': 1,
    '1,1,D,A': 1,
    '3,0,A,B': 1,
    '3,0,B,A': 1,
  });
});

test('top-K with --other pool sends unselected endpoints to the extra node "other"', async () => {
  const { dataset, summary } = await ingestEdges(options({ nodes: { kind: 'top', k: 2 }, other: 'pool' }));
  assert.deepEqual(dataset.nodeNames, ['A', 'B', 'other']);
  assert.deepEqual(cells(dataset), {
    '0,0,A,B': 2,
    '0,0,B,A': 1,
    '0,1,A,other': 1,
    '0,1,other,other': 1,
    '1,0,B,other': 1,
    '1,1,other,A': 1,
    '3,0,A,B': 1,
  });
  assert.equal(summary.edgesDropped, 0);
});

test('top-K with --other drop, and --drop-empty removes cases with no edge left', async () => {
  const { dataset, summary } = await ingestEdges(options({ nodes: { kind: 'top', k: 2 }, dropEmpty: true }));
  assert.deepEqual(dataset.nodeNames, ['A', 'B']);
  assert.deepEqual(dataset.shape, [2, 2, 2, 2]);
  assert.deepEqual(dataset.caseTimes, ['2024-01-01T00:00:00Z', '2024-01-01T06:00:00Z']);
  assert.deepEqual(cells(dataset), { '0,0,A,B': 2, '0,0,B,A': 1, '1,0,A,B': 1 });
  assert.equal(summary.edgesDropped, 4);
  assert.equal(summary.casesDropped, 2);
});

test('--nodes FILE keeps the listed nodes in file order', async () => {
  const { dataset } = await ingestEdges(options({ nodes: parseNodeSpec(fixture('nodes.txt')) }));
  assert.deepEqual(dataset.nodeNames, ['C', 'A']);
  assert.deepEqual(cells(dataset), { '0,1,A,C': 1, '0,1,C,C': 1 });
});

test('instants (epoch ms, ISO with mixed offsets) land on the --tz wall clock like naive times', async () => {
  const zone = parseTimeZone('+02:00');
  const naive = await ingestEdges(options({ zone }));
  const epochMs = await ingestEdges(options({ zone, edges: fixture('small.jsonl') }));
  const isoOffsets = await ingestEdges(options({ zone, edges: fixture('small.tsv') }));
  for (const result of [naive, epochMs, isoOffsets]) {
    assert.deepEqual(cells(result.dataset), COUNTS);
    assert.equal(result.dataset.caseTimes![0], '2024-01-01T00:00:00+02:00');
  }
  // Read in UTC, the same instants are two hours earlier: 22:10 on 2023-12-31 opens a case at 22:00.
  const utc = await ingestEdges(options({ edges: fixture('small.jsonl') }));
  assert.equal(utc.dataset.caseTimes![0], '2023-12-31T22:00:00Z');
  assert.deepEqual(cells(utc.dataset), COUNTS);
});

test('--start sets the grid origin and --end (exclusive) its extent', async () => {
  const { dataset, summary } = await ingestEdges(options({ startWall: Date.UTC(2024, 0, 1, 1), endWall: Date.UTC(2024, 0, 1, 4) }));
  assert.deepEqual(dataset.shape, [2, 2, 4, 4]);
  assert.deepEqual(dataset.caseTimes, ['2024-01-01T01:00:00Z', '2024-01-01T03:00:00Z']);
  assert.deepEqual(cells(dataset), { '0,0,A,C': 1, '0,0,C,C': 1, '0,1,B,C': 1, '1,0,D,A': 1 });
  assert.equal(summary.scan.outsideWindow, 4);
});

test('a day-long case in a fixed zone starts at local midnight', async () => {
  const { dataset } = await ingestEdges(options({ caseSeconds: 86_400, stepSeconds: 21_600, zone: parseTimeZone('-05:00'), edges: fixture('small.jsonl') }));
  // 22:10Z and 22:20Z are 17:10 and 17:20 at -05:00: day 2023-12-31 local, 6 h steps, step 2.
  assert.deepEqual(dataset.caseTimes, ['2023-12-31T00:00:00-05:00']);
  assert.equal(cells(dataset)['0,2,A,B'], 2);
  assert.equal(cells(dataset)['0,3,A,C'], 1); // 23:05Z is 18:05 local
});

test('rows with a missing value are skipped and counted; an unreadable one names file, row and column', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'deepsphere-ingest-'));
  try {
    const path = join(dir, 'gaps.csv');
    // 1704067200 is epoch seconds for 2024-01-01T00:00:00Z.
    writeFileSync(path, 'ts,from,to\n2024-01-01 00:10,A,B\n,A,B\n2024-01-01 00:20,,B\n1704067200,B,A\n');
    const { dataset, summary } = await ingestEdges(options({ edges: path }));
    assert.equal(summary.scan.missing, 2);
    assert.equal(summary.edgesUsed, 2);
    assert.deepEqual(cells(dataset), { '0,0,A,B': 1, '0,0,B,A': 1 });

    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'ts,from,to\n2024-01-01 00:10,A,B\n2024-02-30 00:10,A,B\n');
    await assert.rejects(ingestEdges(options({ edges: bad })), (error: unknown) => {
      assert.ok(error instanceof UserError);
      assert.match(error.message, /bad\.csv: data row 2: --time-col 'ts': cannot read 2024-02-30 00:10 as a time/);
      return true;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the memory guard refuses before allocating, suggesting --nodes or --step', async () => {
  await assert.rejects(ingestEdges(options({ maxMemoryBytes: 100 })), (error: unknown) => {
    assert.ok(error instanceof UserError);
    assert.match(error.message, /^dense tensor \(M=4, T=2, N=4\) needs 512 B for --agg count, over the --max-memory budget of 100 B; use a smaller --nodes .*a longer --step/);
    assert.doesNotMatch(error.message, /\n/);
    return true;
  });
});

test('a missing column is named with the columns the file has', async () => {
  await assert.rejects(ingestEdges(options({ columns: { time: 'when', source: 'from', target: 'to' } })), (error: unknown) => {
    assert.ok(error instanceof UserError);
    assert.match(error.message, /small\.csv: --time-col: no column 'when' \(columns: ts, from, to, bytes\)/);
    return true;
  });
});
