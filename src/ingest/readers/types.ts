/** Column (or JSON field) names of an edge log. */
export interface EdgeColumns {
  time: string;
  source: string;
  target: string;
  weight?: string;
}

/**
 * What a reader's time values are: `raw` values (strings, epoch numbers) go through the ingest time
 * rule; `wall-ms` / `instant-ms` are numbers a typed format (Parquet TIMESTAMP/DATE) already decoded
 * into milliseconds, naive (wall clock) or UTC-adjusted (instant).
 */
export type TimeValues = 'raw' | 'wall-ms' | 'instant-ms';

/** A run of consecutive rows, column by column, as the file holds them. */
export interface RawBatch {
  /** 1-based number of the batch's first data row (header excluded), for error messages. */
  firstRow: number;
  length: number;
  time: ArrayLike<unknown>;
  source: ArrayLike<unknown>;
  target: ArrayLike<unknown>;
  weight?: ArrayLike<unknown>;
}

export interface ScanOptions {
  /**
   * Called with a block's time range (in the reader's `timeValues` milliseconds) when the format
   * stores one (Parquet row-group statistics); a block for which it returns false is not decoded.
   */
  keepRange?: (lowMs: number, highMs: number) => boolean;
}

/** An edge log that can be scanned any number of times, a batch at a time (never all rows at once). */
export interface EdgeReader {
  readonly path: string;
  readonly timeValues: TimeValues;
  scan(options?: ScanOptions): AsyncIterable<RawBatch>;
}

/** Rows per batch for the text formats: large enough to amortise overhead, small enough to stay cheap. */
export const TEXT_BATCH_ROWS = 8192;
