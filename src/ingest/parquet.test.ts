import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { ingestEdges } from './ingest.js';
import { parseTimeZone } from './zone.js';

const FLIGHTS = fileURLToPath(new URL('../../node_modules/vega-datasets/data/flights-3m.parquet', import.meta.url));
const skip = !existsSync(FLIGHTS) && `${FLIGHTS} not found (devDependency vega-datasets)`;

test('flights-3m.parquet, first 3 days: matches a direct hyparquet read, later row groups left undecoded', { skip }, async () => {
  const { dataset, summary } = await ingestEdges({
    edges: FLIGHTS,
    columns: { time: 'date', source: 'origin', target: 'destination' },
    agg: 'count',
    caseSeconds: 86_400,
    stepSeconds: 3600,
    zone: parseTimeZone('UTC'),
    epochUnit: 'auto',
    startWall: Date.UTC(2001, 0, 1),
    endWall: Date.UTC(2001, 0, 4),
    nodes: { kind: 'top', k: 5 },
    other: 'drop',
    undirected: false,
    dropEmpty: false,
    maxMemoryBytes: 2 ** 30,
  });
  // Row-group statistics: only the first group (rows 0..272726, Jan 1-17) overlaps the window.
  assert.equal(summary.scan.rows, 272_727);
  assert.deepEqual(dataset.shape, [3, 24, 5, 5]);
  assert.deepEqual(dataset.caseTimes, ['2001-01-01T00:00:00Z', '2001-01-02T00:00:00Z', '2001-01-03T00:00:00Z']);

  // Independent count: hyparquet's own Date decoding (naive timestamps read back as UTC fields).
  const rows = await parquetReadObjects({
    file: await asyncBufferFromFile(FLIGHTS),
    columns: ['date', 'origin', 'destination'],
    rowEnd: 272_727,
    compressors,
  });
  const activity = new Map<string, number>();
  const inWindow = rows.filter((row) => (row.date as Date).getTime() < Date.UTC(2001, 0, 4));
  for (const row of inWindow) {
    activity.set(row.origin, (activity.get(row.origin) ?? 0) + 1);
    if (row.destination !== row.origin) activity.set(row.destination, (activity.get(row.destination) ?? 0) + 1);
  }
  const top = [...activity.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 5).map(([name]) => name);
  assert.deepEqual(dataset.nodeNames, top);
  const expected = new Float32Array(dataset.data.length);
  for (const row of inWindow) {
    const i = top.indexOf(row.origin);
    const j = top.indexOf(row.destination);
    if (i < 0 || j < 0) continue;
    const hour = Math.floor(((row.date as Date).getTime() - Date.UTC(2001, 0, 1)) / 3_600_000);
    expected[(hour * 5 + i) * 5 + j] += 1;
  }
  assert.deepEqual(dataset.data, expected);
  assert.ok(expected.reduce((sum, value) => sum + value, 0) > 1000);
});
