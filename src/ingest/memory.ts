import { totalmem } from 'node:os';
import { UserError } from '../errors.js';
import type { DatasetShape } from '../io/dataset.js';
import { bytesPerCell, type Aggregation } from './aggregation.js';

/** Typed arrays and the int32 diff indices cap one data set below 2^31 cells. */
const MAX_CELLS = 2 ** 31 - 1;

const UNITS: Record<string, number> = { '': 1, b: 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40 };

/** `--max-memory`: bytes, or a number with K, M, G, T (binary units; an optional trailing B or iB). */
export function parseMemorySize(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*$/i.exec(text);
  const bytes = match ? Number(match[1]) * UNITS[match[2].toLowerCase()] : NaN;
  if (!(bytes > 0)) throw new UserError(`--max-memory: cannot parse '${text}' (expected e.g. 4G or 512M)`);
  return bytes;
}

/** Default budget: three quarters of physical memory, leaving room for Node itself and the OS. */
export function defaultMemoryBudget(): number {
  return Math.floor(totalmem() * 0.75);
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

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
