/**
 * Start times of time steps inside a case, from the case's ISO start time and the step length.
 * Ingest cuts steps on the wall clock of its --tz (src/ingest/grid.ts), so step t of a case starts at
 * the case's local start plus t steps, and is written with the case's own offset: a case starting
 * 2001-03-05T00:00:00-05:00 has its 14th hourly step at 2001-03-05T14:00:00-05:00, as its edges were
 * bucketed. (On a DST day the offset shown is the one at the case's start.)
 */
import { parseIsoFields } from '../ingest/timestamp.js';
import { formatOffset, formatWallFields } from '../ingest/zone.js';

/**
 * ISO start of step `step`, in the notation of `caseTime` (same offset, or none for a naive time).
 * A case time in another notation Date.parse reads gives a UTC time; an unreadable one, undefined.
 */
export function stepStartTime(caseTime: string, step: number, stepSeconds: number): string | undefined {
  const stepMs = step * stepSeconds * 1000;
  const { ms, offsetMinutes } = parseIsoFields(caseTime.trim());
  if (Number.isNaN(ms)) {
    const start = Date.parse(caseTime);
    return Number.isFinite(start) ? new Date(start + stepMs).toISOString() : undefined;
  }
  const local = formatWallFields(ms + stepMs);
  return offsetMinutes === null ? local : `${local}${formatOffset(offsetMinutes)}`;
}
