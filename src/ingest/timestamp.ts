import { UserError } from '../errors.js';
import { parseOffsetMinutes, wallFromInstant, type TimeZone } from './zone.js';

/**
 * How epoch numbers are read. `auto` decides per value by magnitude: below 1e11 seconds
 * (until the year 5138), below 1e14 milliseconds, otherwise microseconds.
 */
export const EPOCH_UNITS = ['auto', 's', 'ms', 'us'] as const;
export type EpochUnit = (typeof EPOCH_UNITS)[number];

export function parseEpochUnit(text: string): EpochUnit {
  if (!(EPOCH_UNITS as readonly string[]).includes(text)) {
    throw new UserError(`--epoch-unit: expected one of ${EPOCH_UNITS.join(', ')}, got '${text}'`);
  }
  return text as EpochUnit;
}

/**
 * Turns one time value into wall milliseconds in the zone (see zone.ts): `null` when the value is
 * missing (null, undefined, empty string), NaN when it cannot be read as a time.
 */
export type TimestampParser = (value: unknown) => number | null;

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;
const NUMERIC = /^[+-]?\d+(?:\.\d*)?(?:[eE][+-]?\d+)?$/;

function epochToMs(value: number, unit: EpochUnit): number {
  switch (unit) {
    case 's':
      return value * 1000;
    case 'ms':
      return value;
    case 'us':
      return value / 1000;
    case 'auto': {
      const magnitude = Math.abs(value);
      if (magnitude < 1e11) return value * 1000;
      return magnitude < 1e14 ? value : value / 1000;
    }
  }
}

/**
 * Reads `YYYY-MM-DD`, `YYYY-MM-DD HH:MM`, `YYYY-MM-DDTHH:MM:SS.fff`, each optionally followed by `Z`
 * or an offset (`+02:00`, `-0530`). Returns `{ ms, offsetMinutes }` where `ms` are the written fields
 * as if in UTC and `offsetMinutes` is null for a naive timestamp; NaN `ms` for anything else.
 */
export function parseIsoFields(text: string): { ms: number; offsetMinutes: number | null } {
  const match = ISO.exec(text);
  if (!match) return { ms: NaN, offsetMinutes: null };
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = ''] = match;
  const year = Number(y);
  const month = Number(mo) - 1;
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  const ms = Date.UTC(year, month, day, hour, minute, second) + (frac ? Number(frac) * 1000 : 0);
  const check = new Date(Date.UTC(year, month, day));
  // Date.UTC rolls 2001-02-30 over into March; a real date reads back unchanged.
  if (check.getUTCMonth() !== month || check.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) {
    return { ms: NaN, offsetMinutes: null };
  }
  const zoneText = match[8];
  if (zoneText === undefined) return { ms, offsetMinutes: null };
  const offsetMinutes = zoneText === 'Z' || zoneText === 'z' ? 0 : parseOffsetMinutes(zoneText);
  return offsetMinutes === null ? { ms: NaN, offsetMinutes: null } : { ms, offsetMinutes };
}

/**
 * The ingest time rule: epoch numbers (and numeric strings) are instants; ISO strings with `Z` or an
 * offset are instants; naive ISO strings are wall-clock times in `zone`. Instants are moved onto the
 * zone's wall clock, so every result is local wall milliseconds.
 */
export function timestampParser(zone: TimeZone, unit: EpochUnit): TimestampParser {
  const fromNumber = (value: number) => (Number.isFinite(value) ? wallFromInstant(zone, epochToMs(value, unit)) : NaN);
  return (value: unknown) => {
    if (value === null || value === undefined) return null;
    if (typeof value === 'number') return fromNumber(value);
    if (typeof value === 'bigint') return fromNumber(Number(value));
    if (typeof value !== 'string') return NaN;
    const text = value.trim();
    if (text === '') return null;
    if (NUMERIC.test(text)) return fromNumber(Number(text));
    const { ms, offsetMinutes } = parseIsoFields(text);
    if (offsetMinutes === null || Number.isNaN(ms)) return ms;
    return wallFromInstant(zone, ms - offsetMinutes * 60_000);
  };
}

/** `--start` / `--end`: read by the same rule as the data (naive means wall clock in `--tz`). */
export function parseBound(flag: string, text: string, zone: TimeZone, unit: EpochUnit): number {
  const wall = timestampParser(zone, unit)(text);
  if (wall === null || Number.isNaN(wall)) {
    throw new UserError(`${flag}: cannot read '${text}' as a time (expected e.g. 2001-01-01, 2001-01-01T06:00+02:00 or epoch seconds)`);
  }
  return wall;
}
