import { UserError } from '../errors.js';
import { formatWallIso, type TimeZone } from './zone.js';

/**
 * The case/step grid on the wall clock: case m covers [origin + m*caseMs, origin + (m+1)*caseMs),
 * split into `steps` steps of `stepMs`. Because bucketing is on wall time, a 1d case is a local
 * calendar day even in a zone with DST (its skipped hour stays empty, its repeated hour counts twice).
 */
export interface CaseGrid {
  originWall: number;
  caseMs: number;
  stepMs: number;
  steps: number;
  cases: number;
}

export interface GridBounds {
  caseSeconds: number;
  stepSeconds: number;
  /** `--start` as wall ms: the grid origin when given. */
  startWall?: number;
  /** `--end` as wall ms (exclusive): the grid extends to cover it when given. */
  endWall?: number;
  /** Earliest and latest event seen (wall ms). */
  firstEvent: number;
  lastEvent: number;
}

/**
 * Origin: `--start` if given, else the first event floored to a multiple of the case length counted
 * from 1970-01-01T00:00 on the wall clock (local midnight for 1d, the local hour for 1h; note 1w
 * cases then start on Thursdays, pass --start to choose the weekday).
 * Cases: up to `--end` if given, else up to the case holding the last event.
 */
export function buildGrid(bounds: GridBounds): CaseGrid {
  const caseMs = bounds.caseSeconds * 1000;
  const stepMs = bounds.stepSeconds * 1000;
  const originWall = bounds.startWall ?? Math.floor(bounds.firstEvent / caseMs) * caseMs;
  const cases =
    bounds.endWall !== undefined
      ? Math.ceil((bounds.endWall - originWall) / caseMs)
      : Math.floor((bounds.lastEvent - originWall) / caseMs) + 1;
  if (cases < 1) throw new UserError('--end: must be later than --start');
  return { originWall, caseMs, stepMs, steps: caseMs / stepMs, cases };
}

/** Global step index of a wall time (case = floor(index / steps), step = index % steps); -1 outside the grid. */
export function stepIndex(grid: CaseGrid, wallMs: number): number {
  const index = Math.floor((wallMs - grid.originWall) / grid.stepMs);
  return index >= 0 && index < grid.cases * grid.steps ? index : -1;
}

/** ISO start time of every case, with the zone's offset (Dataset.caseTimes). */
export function caseStartTimes(grid: CaseGrid, zone: TimeZone): string[] {
  return Array.from({ length: grid.cases }, (_, m) => formatWallIso(zone, grid.originWall + m * grid.caseMs));
}
