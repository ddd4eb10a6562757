import { UserError } from '../errors.js';
import { formatBytes } from '../memory.js';
import type { DatasetShape } from '../io/dataset.js';
import { bytesPerCell, type Aggregation } from './aggregation.js';

/** Typed arrays and the int32 diff indices cap one data set below 2^31 cells. */
const MAX_CELLS = 2 ** 31 - 1;

/** Bytes the dense build of `shape` holds at its peak (see bytesPerCell). */
export function denseBytes(shape: DatasetShape, agg: Aggregation): number {
  return shape[0] * shape[1] * shape[2] * shape[3] * bytesPerCell(agg);
}

/** Refuses, before anything is allocated, a dense tensor that would not fit the budget. */
export function checkDenseFits(shape: DatasetShape, agg: Aggregation, budgetBytes: number): void {
  const cells = shape[0] * shape[1] * shape[2] * shape[3];
  const needed = denseBytes(shape, agg);
  const [m, t, n] = shape;
  const advice = 'use a smaller --nodes (e.g. top:50), a longer --step, or a shorter --start/--end window';
  if (cells > MAX_CELLS) {
    throw new UserError(`dense tensor (M=${m}, T=${t}, N=${n}) has ${cells} cells, more than the ${MAX_CELLS} one data set can hold; ${advice}`);
  }
  if (needed > budgetBytes) {
    throw new UserError(
      `dense tensor (M=${m}, T=${t}, N=${n}) needs ${formatBytes(needed)} for --agg ${agg}, over the --max-memory budget of ${formatBytes(budgetBytes)}; ${advice}`,
    );
  }
}
