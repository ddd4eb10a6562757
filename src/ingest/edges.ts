import { UserError } from '../errors.js';
import type { EdgeColumns, EdgeReader } from './readers/types.js';
import { timestampParser, type EpochUnit } from './timestamp.js';
import { wallFromInstant, type TimeZone } from './zone.js';

/** How raw rows become edges: the time rule and the [start, end) window, both on the wall clock. */
export interface EdgeRules {
  columns: EdgeColumns;
  zone: TimeZone;
  epochUnit: EpochUnit;
  startWall?: number;
  endWall?: number;
}

/** Receives one edge event: wall-clock ms, endpoint names, weight (1 when there is no weight column). */
export type EdgeVisitor = (wallMs: number, source: string, target: string, weight: number) => void;

export interface ScanCounts {
  /** Data rows in the file (or in the row groups that were read). */
  rows: number;
  /** Rows with a missing time, endpoint or weight (null / empty), skipped. */
  missing: number;
  /** Rows outside [--start, --end), skipped. */
  outsideWindow: number;
  /** Rows handed to the visitor. */
  edges: number;
}

function nodeName(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const name = typeof value === 'string' ? value.trim() : String(value);
  return name === '' ? null : name;
}

function weightValue(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string') {
    const text = value.trim();
    return text === '' ? null : Number(text);
  }
  return NaN;
}

function shown(value: unknown): string {
  const text = typeof value === 'string' ? value : typeof value === 'bigint' ? value.toString() : JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/**
 * Streams every edge of `reader` through `visit`, applying the time rule and the window.
 * Unreadable values stop the ingest with the file, row and column named; missing ones skip the row.
 */
export async function scanEdges(reader: EdgeReader, rules: EdgeRules, visit: EdgeVisitor): Promise<ScanCounts> {
  const { columns, zone, startWall = -Infinity, endWall = Infinity } = rules;
  const parseRaw = timestampParser(zone, rules.epochUnit);
  const toWall: (value: unknown) => number | null =
    reader.timeValues === 'raw'
      ? parseRaw
      : reader.timeValues === 'wall-ms'
        ? (value) => (value === null || value === undefined ? null : (value as number))
        : (value) => (value === null || value === undefined ? null : wallFromInstant(zone, value as number));
  // Parquet row groups wholly outside the window are skipped undecoded (ranges are in the file's ms).
  const keepRange = (low: number, high: number) => {
    const lowWall = reader.timeValues === 'instant-ms' ? wallFromInstant(zone, low) : low;
    const highWall = reader.timeValues === 'instant-ms' ? wallFromInstant(zone, high) : high;
    return highWall >= startWall && lowWall < endWall;
  };
  const counts: ScanCounts = { rows: 0, missing: 0, outsideWindow: 0, edges: 0 };
  const fail = (row: number, flag: string, column: string, value: unknown, expected: string): never => {
    throw new UserError(`${reader.path}: data row ${row}: ${flag} '${column}': cannot read ${shown(value)} as ${expected}`);
  };
  for await (const batch of reader.scan({ keepRange })) {
    counts.rows += batch.length;
    for (let k = 0; k < batch.length; k++) {
      const wall = toWall(batch.time[k]);
      const source = nodeName(batch.source[k]);
      const target = nodeName(batch.target[k]);
      const weight = batch.weight ? weightValue(batch.weight[k]) : 1;
      if (wall === null || source === null || target === null || weight === null) {
        counts.missing++;
        continue;
      }
      if (Number.isNaN(wall)) {
        fail(batch.firstRow + k, '--time-col', columns.time, batch.time[k], 'a time (expected ISO 8601 like 2001-01-01 06:05 or epoch seconds/ms)');
      }
      if (!Number.isFinite(weight)) fail(batch.firstRow + k, '--weight-col', columns.weight!, batch.weight![k], 'a number');
      if (wall < startWall || wall >= endWall) {
        counts.outsideWindow++;
        continue;
      }
      counts.edges++;
      visit(wall, source, target, weight);
    }
  }
  return counts;
}
