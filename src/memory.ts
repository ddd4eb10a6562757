/**
 * Memory budgets shared by every command that allocates in proportion to its input (ingest, train,
 * detect, evaluate, report): parsing --max-memory, its default, and how sizes are written in messages.
 */
import { totalmem } from 'node:os';
import { UserError } from './errors.js';

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

/** A size for messages in binary units, e.g. `1.5 MiB`. */
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
