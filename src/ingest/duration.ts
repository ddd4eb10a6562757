import { UserError } from '../errors.js';

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

/**
 * Parses a duration such as `1d`, `15m`, `90s`, `2w` into whole seconds.
 * Units: s, m (minutes), h, d, w. Months and years are refused: they have no fixed length.
 */
export function parseDuration(flag: string, text: string): number {
  const match = /^\s*(\d+)\s*([smhdw])\s*$/.exec(text);
  if (!match) {
    throw new UserError(`${flag}: cannot parse duration '${text}' (expected a whole number and a unit s, m, h, d or w, e.g. 1h)`);
  }
  const seconds = Number(match[1]) * UNIT_SECONDS[match[2]];
  if (seconds <= 0) throw new UserError(`${flag}: duration must be positive, got '${text}'`);
  return seconds;
}

/** Steps per case T = case length / step, which must divide exactly so every case has the same T. */
export function stepsPerCase(caseSeconds: number, stepSeconds: number): number {
  if (caseSeconds % stepSeconds !== 0) {
    throw new UserError(`--case-length (${caseSeconds} s) is not a whole multiple of --step (${stepSeconds} s)`);
  }
  return caseSeconds / stepSeconds;
}
