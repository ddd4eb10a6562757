import { statSync } from 'node:fs';
import { extname } from 'node:path';
import { UserError } from '../../errors.js';
import { delimitedReader } from './csv.js';
import { jsonLinesReader } from './jsonl.js';
import { parquetReader } from './parquet.js';
import type { EdgeColumns, EdgeReader } from './types.js';

const DELIMITERS: Record<string, string> = { '.csv': ',', '.tsv': '\t', '.tab': '\t' };
const JSON_LINES = new Set(['.jsonl', '.ndjson']);
const PARQUET = new Set(['.parquet', '.pq']);

/** `--delimiter` accepts `\t` and `tab` as well as a literal character. */
export function parseDelimiter(text: string): string {
  const delimiter = text === '\\t' || text.toLowerCase() === 'tab' ? '\t' : text;
  if (delimiter.length !== 1) throw new UserError(`--delimiter: expected a single character (or \\t), got '${text}'`);
  return delimiter;
}

/**
 * Picks the reader by extension: .csv, .tsv/.tab, .jsonl/.ndjson, .parquet/.pq. An explicit
 * `--delimiter` reads any other file as delimited text.
 */
export async function openEdgeReader(path: string, columns: EdgeColumns, delimiter?: string): Promise<EdgeReader> {
  // Fails here, with the path, rather than later inside a stream (ENOENT/EACCES are reported by name).
  if (statSync(path).isDirectory()) throw new UserError(`${path}: is a directory, expected an edge log file`);
  const extension = extname(path).toLowerCase();
  if (PARQUET.has(extension)) return parquetReader(path, columns);
  if (JSON_LINES.has(extension)) return jsonLinesReader(path, columns);
  const chosen = delimiter ?? DELIMITERS[extension];
  if (chosen === undefined) {
    throw new UserError(
      `${path}: unknown file type '${extension || '(no extension)'}' (expected .csv, .tsv, .jsonl, .ndjson or .parquet, or give --delimiter)`,
    );
  }
  return delimitedReader(path, chosen, columns);
}
