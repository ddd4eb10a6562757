import { UserError } from '../errors.js';

/** How the events falling in one (step, source, target) cell become its value. */
export const AGGREGATIONS = ['count', 'sum', 'mean'] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];

/** `--agg`, defaulting to count, or to sum when there is a weight column to sum. */
export function parseAggregation(text: string | undefined, weighted: boolean): Aggregation {
  if (text === undefined) return weighted ? 'sum' : 'count';
  if (!(AGGREGATIONS as readonly string[]).includes(text)) {
    throw new UserError(`--agg: expected one of ${AGGREGATIONS.join(', ')}, got '${text}'`);
  }
  if (text !== 'count' && !weighted) throw new UserError(`--agg ${text}: needs --weight-col (without weights only count applies)`);
  return text as Aggregation;
}

/**
 * Bytes held per cell while building: count accumulates in the float32 output itself (exact up to
 * 2^24 events per cell); sum accumulates in float64 (narrowed in place at the end, so no second
 * buffer); mean adds a uint32 event count per cell.
 */
export function bytesPerCell(agg: Aggregation): number {
  return agg === 'count' ? 4 : agg === 'sum' ? 8 : 12;
}
