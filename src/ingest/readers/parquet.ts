import {
  asyncBufferFromFile,
  parquetMetadataAsync,
  parquetRead,
  parquetSchema,
  type AsyncBuffer,
  type ColumnData,
  type FileMetaData,
  type ParquetParsers,
  type SchemaElement,
} from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { UserError } from '../../errors.js';
import type { EdgeColumns, EdgeReader, RawBatch, ScanOptions, TimeValues } from './types.js';

/** Timestamps and dates decode straight to epoch milliseconds: no Date object per row, and stats match. */
const MS_PARSERS: Partial<ParquetParsers> = {
  timestampFromMilliseconds: (millis: bigint) => Number(millis),
  timestampFromMicroseconds: (micros: bigint) => Number(micros) / 1e3,
  timestampFromNanoseconds: (nanos: bigint) => Number(nanos) / 1e6,
  dateFromDays: (days: number) => days * 86_400_000,
};

/**
 * Parquet says whether a timestamp is UTC-adjusted (an instant) or naive (wall clock). Legacy
 * TIMESTAMP_* converted types and INT96 are instants by convention; DATE is a naive calendar day.
 */
function timeValuesOf(element: SchemaElement): TimeValues {
  const logical = element.logical_type;
  if (logical?.type === 'TIMESTAMP') return logical.isAdjustedToUTC ? 'instant-ms' : 'wall-ms';
  if (logical?.type === 'DATE' || element.converted_type === 'DATE') return 'wall-ms';
  if (element.converted_type === 'TIMESTAMP_MILLIS' || element.converted_type === 'TIMESTAMP_MICROS') return 'instant-ms';
  if (element.type === 'INT96') return 'instant-ms';
  return 'raw';
}

/** Rows [start, end) of one column, from the chunks hyparquet decoded for a row group. */
function sliceRows(chunks: ColumnData[], start: number, end: number): ArrayLike<unknown> {
  if (chunks.length === 1 && chunks[0].rowStart === start && chunks[0].rowEnd === end) return chunks[0].columnData;
  const rows = new Array<unknown>(end - start);
  for (const chunk of chunks) {
    for (let row = Math.max(start, chunk.rowStart); row < Math.min(end, chunk.rowEnd); row++) {
      rows[row - start] = chunk.columnData[row - chunk.rowStart];
    }
  }
  return rows;
}

interface OpenParquet {
  file: AsyncBuffer;
  metadata: FileMetaData;
  timeValues: TimeValues;
  timeColumnIndex: number;
}

async function openParquet(path: string, columns: EdgeColumns): Promise<OpenParquet> {
  const file = await asyncBufferFromFile(path);
  let metadata: FileMetaData;
  try {
    metadata = await parquetMetadataAsync(file, { parsers: MS_PARSERS });
  } catch (error) {
    throw new UserError(`${path}: not a readable Parquet file (${(error as Error).message.split('\n')[0]})`);
  }
  const topLevel = parquetSchema(metadata).children;
  const names = topLevel.map((child) => child.element.name);
  const flags: [string | undefined, string][] = [
    [columns.time, '--time-col'],
    [columns.source, '--source-col'],
    [columns.target, '--target-col'],
    [columns.weight, '--weight-col'],
  ];
  for (const [name, flag] of flags) {
    if (name === undefined) continue;
    const child = topLevel.find((candidate) => candidate.element.name === name);
    if (!child) throw new UserError(`${path}: ${flag}: no column '${name}' (columns: ${names.join(', ')})`);
    if (child.children.length > 0) throw new UserError(`${path}: ${flag}: column '${name}' is nested; expected a plain column`);
  }
  const timeElement = topLevel.find((child) => child.element.name === columns.time)!.element;
  const timeColumnIndex = metadata.row_groups[0]?.columns.findIndex((chunk) => chunk.meta_data?.path_in_schema.join('.') === columns.time) ?? -1;
  return { file, metadata, timeValues: timeValuesOf(timeElement), timeColumnIndex };
}

/** A row group's time range from its statistics, when the file has them as numbers. */
function groupTimeRange(open: OpenParquet, group: number): [number, number] | null {
  if (open.timeValues === 'raw' || open.timeColumnIndex < 0) return null;
  const stats = open.metadata.row_groups[group].columns[open.timeColumnIndex].meta_data?.statistics;
  const low = stats?.min_value ?? stats?.min;
  const high = stats?.max_value ?? stats?.max;
  return typeof low === 'number' && typeof high === 'number' ? [low, high] : null;
}

/** One row group at a time, only the needed columns: memory stays at one group's worth of rows. */
async function* scanParquet(path: string, columns: EdgeColumns, open: OpenParquet, options: ScanOptions): AsyncGenerator<RawBatch> {
  const wanted = [columns.time, columns.source, columns.target, ...(columns.weight ? [columns.weight] : [])];
  const unique = [...new Set(wanted)];
  let groupStart = 0;
  for (let group = 0; group < open.metadata.row_groups.length; group++) {
    const rows = Number(open.metadata.row_groups[group].num_rows);
    const start = groupStart;
    const end = start + rows;
    groupStart = end;
    const range = groupTimeRange(open, group);
    if (rows === 0 || (range && options.keepRange && !options.keepRange(range[0], range[1]))) continue;
    const chunks = new Map<string, ColumnData[]>(unique.map((name) => [name, []]));
    try {
      await parquetRead({
        file: open.file,
        metadata: open.metadata,
        columns: unique,
        rowStart: start,
        rowEnd: end,
        compressors,
        parsers: MS_PARSERS,
        onChunk: (chunk) => chunks.get(chunk.columnName)?.push(chunk),
      });
    } catch (error) {
      throw new UserError(`${path}: cannot decode row group ${group} (${(error as Error).message.split('\n')[0]})`);
    }
    const column = (name: string) => sliceRows(chunks.get(name)!, start, end);
    yield {
      firstRow: start + 1,
      length: rows,
      time: column(columns.time),
      source: column(columns.source),
      target: column(columns.target),
      weight: columns.weight ? column(columns.weight) : undefined,
    };
  }
}

/** Parquet via hyparquet (+ hyparquet-compressors for ZSTD, Brotli, LZ4, gzip). */
export async function parquetReader(path: string, columns: EdgeColumns): Promise<EdgeReader> {
  const open = await openParquet(path, columns);
  return { path, timeValues: open.timeValues, scan: (options = {}) => scanParquet(path, columns, open, options) };
}
