/**
 * An edge log's node names and case times survive ingest -> inject -> train -> detect -> evaluate:
 * the answers come out in the log's names and local times ("B -> C at 2024-01-03T06:00:00-05:00").
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadDataset } from '../../io/dataset-file.js';
import { runCli, withTempDir } from '../testing.js';

interface NamedCell { t: number; i: number; j: number; source?: string; target?: string; time?: string }
interface NamedCase { index: number; time?: string; label: number; top?: NamedCell[] }

/** Ten days of naive local times: a daily rhythm on a 4-airport ring, more traffic by day. */
function edgeLog(): string {
  const names = ['BOS', 'LGA', 'ORD', 'ATL'];
  const lines = ['when,origin,dest'];
  for (let day = 1; day <= 10; day++) {
    for (let hour = 0; hour < 24; hour++) {
      const flights = hour >= 6 && hour < 22 ? 2 + ((day + hour) % 3) : hour % 4 === 0 ? 1 : 0;
      for (let k = 0; k < flights; k++) {
        const stamp = `2024-01-${String(day).padStart(2, '0')} ${String(hour).padStart(2, '0')}:${String(10 * k).padStart(2, '0')}`;
        lines.push(`${stamp},${names[(hour + k) % 4]},${names[(hour + k + 1) % 4]}`);
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

test('node names and local case times survive ingest -> inject -> train -> detect -> evaluate', async () => {
  await withTempDir('named-cli', (dir) => {
    const log = join(dir, 'flights.csv');
    writeFileSync(log, edgeLog());
    const cases = join(dir, 'cases.pkl');
    const ingest = runCli([
      'ingest', '--edges', log, '--out', cases, '--time-col', 'when', '--source-col', 'origin', '--target-col', 'dest',
      '--case-length', '1d', '--step', '6h', '--tz', 'America/New_York',
    ]);
    assert.equal(ingest.status, 0, ingest.stderr);
    const ingested = loadDataset(cases);
    assert.deepEqual(ingested.shape, [10, 4, 4, 4]);
    assert.equal(ingested.caseTimes![2], '2024-01-03T00:00:00-05:00');

    const injected = join(dir, 'injected.pkl');
    const inject = runCli(['inject', '--data', cases, '--out', injected, '--ratio', '0.2', '--kinds', 'burst,outage', '--seed', '2']);
    assert.equal(inject.status, 0, inject.stderr);

    const model = join(dir, 'model.dsm');
    const train = runCli(['train', '--data', injected, '--model', model, '--epochs', '2', '--hidden', '3', '--quiet']);
    assert.equal(train.status, 0, train.stderr);

    const out = join(dir, 'result.json');
    const detect = runCli(['detect', '--model', model, '--data', injected, '--out', out, '--top', '3', '--explain', '3']);
    assert.equal(detect.status, 0, detect.stderr);
    const result = JSON.parse(readFileSync(out, 'utf8')) as { nodeNames: string[]; results: NamedCase[] };
    assert.deepEqual(result.nodeNames, ingested.nodeNames);
    const explained = result.results.filter((r) => r.top !== undefined);
    assert.ok(explained.length >= 3, `${explained.length} explained`);
    for (const r of result.results) assert.equal(r.time, ingested.caseTimes![r.index]);
    for (const r of explained) {
      const day = ingested.caseTimes![r.index].slice(0, 10);
      for (const cell of r.top!) {
        assert.equal(cell.source, ingested.nodeNames![cell.i]);
        assert.equal(cell.target, ingested.nodeNames![cell.j]);
        assert.equal(cell.time, `${day}T${String(6 * cell.t).padStart(2, '0')}:00:00-05:00`);
      }
    }
    // The summary lines name the case's day and the cell's local time, not indices.
    assert.match(detect.stdout, /case \d+ \(2024-01-\d\dT00:00:00-05:00\): score .* largest deviation [A-Z]{3} -> [A-Z]{3} at 2024-01-\d\dT\d\d:00:00-05:00/);

    const evaluate = runCli(['evaluate', '--model', model, '--data', injected, '--json']);
    assert.equal(evaluate.status, 0, evaluate.stderr);
    const metrics = JSON.parse(evaluate.stdout) as { case: { rocAuc: number | null } };
    assert.equal(typeof metrics.case.rocAuc, 'number');
  });
});
