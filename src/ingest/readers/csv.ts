import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import { UserError } from '../../errors.js';
import { TEXT_BATCH_ROWS, type EdgeColumns, type EdgeReader, type RawBatch } from './types.js';

/** Index of every wanted column in the header row; a missing one is named with the columns there are. */
function columnIndices(path: string, header: string[], columns: EdgeColumns): Record<keyof EdgeColumns, number> {
  const names = header.map((name) => name.trim());
  const find = (name: string | undefined, flag: string): number => {
    if (name === undefined) return -1;
    const index = names.indexOf(name);
    if (index < 0) throw new UserError(`${path}: ${flag}: no column '${name}' (columns: ${names.join(', ')})`);
    return index;
  };
  return {
    time: find(columns.time, '--time-col'),
    source: find(columns.source, '--source-col'),
    target: find(columns.target, '--target-col'),
    weight: find(columns.weight, '--weight-col'),
  };
}

function emptyBatch(firstRow: number, weighted: boolean): RawBatch & { time: unknown[]; source: unknown[]; target: unknown[] } {
  return { firstRow, length: 0, time: [], source: [], target: [], weight: weighted ? [] : undefined };
}

async function* scanDelimited(path: string, delimiter: string, columns: EdgeColumns): AsyncGenerator<RawBatch> {
  const parser = parse({ delimiter, bom: true, skip_empty_lines: true, relax_column_count: false });
  // pipe() does not forward read errors; without this a vanished file would crash the process.
  const source = createReadStream(path).on('error', (error) => parser.destroy(error));
  source.pipe(parser);
  let indices: Record<keyof EdgeColumns, number> | undefined;
  let row = 0;
  let batch = emptyBatch(1, columns.weight !== undefined);
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      if (indices === undefined) {
        indices = columnIndices(path, record, columns);
        continue;
      }
      row++;
      batch.time.push(record[indices.time]);
      batch.source.push(record[indices.source]);
      batch.target.push(record[indices.target]);
      if (indices.weight >= 0) (batch.weight as unknown[]).push(record[indices.weight]);
      batch.length++;
      if (batch.length === TEXT_BATCH_ROWS) {
        yield batch;
        batch = emptyBatch(row + 1, indices.weight >= 0);
      }
    }
  } catch (error) {
    if (error instanceof UserError) throw error;
    // csv-parse errors carry a code (CSV_...) and say where, e.g. "Invalid Record Length ... on line 7".
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('CSV_')) {
      throw new UserError(`${path}: ${(error as Error).message.split('\n')[0]}`);
    }
    throw error;
  }
  if (indices === undefined) throw new UserError(`${path}: empty file (expected a header row)`);
  if (batch.length > 0) yield batch;
}

/** CSV/TSV with a header row, streamed through csv-parse (quoted fields, CRLF and a BOM are handled). */
export function delimitedReader(path: string, delimiter: string, columns: EdgeColumns): EdgeReader {
  return { path, timeValues: 'raw', scan: () => scanDelimited(path, delimiter, columns) };
}
