import { UserError } from '../errors.js';

/**
 * A time zone as ingest needs it: the offset of local wall-clock time from UTC at an instant.
 * All bucketing happens on "wall milliseconds": the local date and time written as if it were UTC
 * (Date.UTC of the local fields). Naive timestamps already are wall milliseconds; instants
 * (epoch numbers, strings with an offset) are moved onto the wall clock with `wallFromInstant`.
 */
export interface TimeZone {
  readonly name: string;
  /** Local minus UTC, in milliseconds, at the instant `utcMs`. */
  offsetAt(utcMs: number): number;
}

const MINUTE_MS = 60_000;

/** Parses `+02:00`, `-0530`, `+05` into minutes east of UTC, or returns null if `text` is not an offset. */
export function parseOffsetMinutes(text: string): number | null {
  const match = /^([+-])(\d{2})(?::?(\d{2}))?$/.exec(text);
  if (!match) return null;
  const hours = Number(match[2]);
  const minutes = Number(match[3] ?? '0');
  if (hours > 23 || minutes > 59) return null;
  return (match[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

function fixedZone(name: string, offsetMinutes: number): TimeZone {
  const offsetMs = offsetMinutes * MINUTE_MS;
  return { name, offsetAt: () => offsetMs };
}

/**
 * An IANA zone through Intl. Offsets are cached per 15-minute block of UTC time: real zones change
 * offset only on quarter-hour boundaries, and formatting a date per event would dominate ingest time.
 */
function ianaZone(name: string): TimeZone {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: name,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch {
    throw new UserError(`--tz: unknown time zone '${name}' (use UTC, a fixed offset like +02:00, or an IANA name like Europe/Paris)`);
  }
  const cache = new Map<number, number>();
  const blockMs = 15 * MINUTE_MS;
  return {
    name: format.resolvedOptions().timeZone,
    offsetAt(utcMs: number): number {
      const block = Math.floor(utcMs / blockMs);
      let offset = cache.get(block);
      if (offset === undefined) {
        const start = block * blockMs;
        const fields: Record<string, number> = {};
        for (const part of format.formatToParts(new Date(start))) fields[part.type] = Number(part.value);
        const wall = Date.UTC(fields.year, fields.month - 1, fields.day, fields.hour, fields.minute, fields.second);
        offset = wall - start;
        cache.set(block, offset);
      }
      return offset;
    },
  };
}

/** `--tz`: `UTC` (default), a fixed offset such as `+02:00`, or an IANA zone name such as `America/New_York`. */
export function parseTimeZone(text: string): TimeZone {
  const trimmed = text.trim();
  if (/^(utc|z|gmt)$/i.test(trimmed)) return fixedZone('UTC', 0);
  const offset = parseOffsetMinutes(trimmed);
  if (offset !== null) return fixedZone(trimmed, offset);
  if (/^[+-]/.test(trimmed)) throw new UserError(`--tz: cannot parse offset '${text}' (expected e.g. +02:00 or -0530)`);
  return ianaZone(trimmed);
}

export function wallFromInstant(zone: TimeZone, utcMs: number): number {
  return utcMs + zone.offsetAt(utcMs);
}

/**
 * The instant at which the wall clock shows `wallMs`. Around a DST change a wall time may occur twice
 * (the first is taken after the two-step estimate below) or never (the time just after the gap is taken).
 */
export function instantFromWall(zone: TimeZone, wallMs: number): number {
  const guess = wallMs - zone.offsetAt(wallMs);
  return wallMs - zone.offsetAt(guess);
}

/** ISO 8601 with the zone's offset at that time, e.g. `2001-01-01T00:00:00-05:00` (`Z` for UTC). */
export function formatWallIso(zone: TimeZone, wallMs: number): string {
  const offsetMinutes = Math.round((wallMs - instantFromWall(zone, wallMs)) / MINUTE_MS);
  return `${formatWallFields(wallMs)}${formatOffset(offsetMinutes)}`;
}

/** Wall milliseconds as ISO 8601 without an offset, e.g. `2001-01-01T14:00:00` (milliseconds only when not 0). */
export function formatWallFields(wallMs: number): string {
  const iso = new Date(wallMs).toISOString(); // wall fields read back as UTC fields
  return iso.endsWith('.000Z') ? iso.slice(0, -5) : iso.slice(0, -1);
}

/** An offset in minutes east of UTC as ISO 8601 writes it: `Z`, `+02:00`, `-05:00`. */
export function formatOffset(offsetMinutes: number): string {
  if (offsetMinutes === 0) return 'Z';
  const abs = Math.abs(offsetMinutes);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${offsetMinutes < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}
