import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { UserError } from '../../errors.js';
import { TEXT_BATCH_ROWS, type EdgeColumns, type EdgeReader, type RawBatch } from './types.js';

type Record = { [field: string]: unknown };

/**
 * The first record decides whether a field name is right: a typo would otherwise make every row
 * "missing" and surface only as an empty result. Later records may omit a field (that row is skipped).
 */
function checkFields(path: string, line: number, record: Record, columns: EdgeColumns): void {
  const wanted: [string | undefined, string][] = [
    [columns.time, '--time-col'],
    [columns.source, '--source-col'],
    [columns.target, '--target-col'],
    [columns.weight, '--weight-col'],
  ];
  for (const [name, flag] of wanted) {
    if (name !== undefined && !(name in record)) {
      throw new UserError(`${path}: ${flag}: no field '${name}' in the record on line ${line} (fields: ${Object.keys(record).join(', ')})`);
    }
  }
}

async function* scanJsonLines(path: string, columns: EdgeColumns): AsyncGenerator<RawBatch> {
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  const weighted = columns.weight !== undefined;
  const fresh = (firstRow: number) => ({
    firstRow,
    length: 0,
    time: [] as unknown[],
    source: [] as unknown[],
    target: [] as unknown[],
    weight: weighted ? ([] as unknown[]) : undefined,
  });
  let batch = fresh(1);
  let lineNumber = 0;
  let row = 0;
  for await (const line of lines) {
    lineNumber++;
    if (line.trim() === '') continue;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch (error) {
      throw new UserError(`${path}: line ${lineNumber}: not valid JSON (${(error as Error).message.split('\n')[0]})`);
    }
    if (record === null || typeof record !== 'object' || Array.isArray(record)) {
      throw new UserError(`${path}: line ${lineNumber}: expected a JSON object per line`);
    }
    const fields = record as Record;
    if (row === 0) checkFields(path, lineNumber, fields, columns);
    row++;
    batch.time.push(fields[columns.time]);
    batch.source.push(fields[columns.source]);
    batch.target.push(fields[columns.target]);
    if (batch.weight) batch.weight.push(fields[columns.weight as string]);
    batch.length++;
    if (batch.length === TEXT_BATCH_ROWS) {
      yield batch;
      batch = fresh(row + 1);
    }
  }
  if (batch.length > 0) yield batch;
}

/** JSON lines (one object per line, blank lines ignored), streamed line by line. */
export function jsonLinesReader(path: string, columns: EdgeColumns): EdgeReader {
  return { path, timeValues: 'raw', scan: () => scanJsonLines(path, columns) };
}
