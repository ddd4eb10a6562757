import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UserError } from '../errors.js';
import { parseDuration, stepsPerCase } from './duration.js';
import { buildGrid, caseStartTimes, stepIndex } from './grid.js';
import { parseBound, parseIsoFields, timestampParser } from './timestamp.js';
import { formatWallIso, instantFromWall, parseTimeZone, wallFromInstant } from './zone.js';

const H = 3_600_000;

test('durations: units s m h d w; T must divide exactly', () => {
  assert.equal(parseDuration('--step', '90s'), 90);
  assert.equal(parseDuration('--step', '15m'), 900);
  assert.equal(parseDuration('--step', '1h'), 3600);
  assert.equal(parseDuration('--case-length', '2w'), 1_209_600);
  assert.equal(stepsPerCase(86_400, 3600), 24);
  for (const bad of ['1', 'h', '1.5h', '1mo', '-1h', '0h']) {
    assert.throws(() => parseDuration('--step', bad), UserError, bad);
  }
  assert.throws(() => stepsPerCase(86_400, 7 * 3600), /not a whole multiple of --step/);
});

test('time zones: UTC, fixed offsets, IANA names through Intl', () => {
  const instant = Date.UTC(2024, 0, 1, 12);
  assert.equal(wallFromInstant(parseTimeZone('UTC'), instant), instant);
  assert.equal(wallFromInstant(parseTimeZone('+02:00'), instant), instant + 2 * H);
  assert.equal(wallFromInstant(parseTimeZone('-0530'), instant), instant - 5.5 * H);
  const newYork = parseTimeZone('America/New_York');
  assert.equal(wallFromInstant(newYork, instant), instant - 5 * H);
  assert.equal(wallFromInstant(newYork, Date.UTC(2024, 6, 1, 12)), Date.UTC(2024, 6, 1, 8));
  assert.equal(instantFromWall(newYork, Date.UTC(2024, 6, 1, 0)), Date.UTC(2024, 6, 1, 4));
  assert.equal(formatWallIso(newYork, Date.UTC(2024, 6, 1)), '2024-07-01T00:00:00-04:00');
  assert.equal(formatWallIso(parseTimeZone('+05:45'), Date.UTC(2024, 6, 1, 0, 0, 0, 250)), '2024-07-01T00:00:00.250+05:45');
  assert.throws(() => parseTimeZone('Mars/Olympus'), /--tz: unknown time zone 'Mars\/Olympus'/);
  assert.throws(() => parseTimeZone('+25:00'), /--tz: cannot parse offset/);
});

test('timestamps: naive strings are wall time; offsets and epoch numbers are instants', () => {
  const plus2 = timestampParser(parseTimeZone('+02:00'), 'auto');
  const wall = Date.UTC(2001, 0, 1, 6, 5);
  assert.equal(plus2('2001-01-01 06:05'), wall);
  assert.equal(plus2('2001-01-01T06:05:00'), wall);
  assert.equal(plus2('2001-01-01T04:05:00Z'), wall);
  assert.equal(plus2('2001-01-01T05:05:00+01:00'), wall);
  assert.equal(plus2((wall - 2 * H) / 1000), wall); // epoch seconds
  assert.equal(plus2(wall - 2 * H), wall); // epoch ms
  assert.equal(plus2(BigInt(wall - 2 * H)), wall);
  assert.equal(plus2(String(wall - 2 * H)), wall);
  assert.equal(plus2('2001-01-01'), Date.UTC(2001, 0, 1));
  assert.equal(plus2(''), null);
  assert.equal(plus2(null), null);
  for (const bad of ['2001-02-29', '2001-01-01 24:00', 'yesterday', '2001-01-01T00:00+25:00']) assert.ok(Number.isNaN(plus2(bad)), bad);
  assert.equal(timestampParser(parseTimeZone('UTC'), 's')(1e12), 1e15);
  assert.deepEqual(parseIsoFields('2001-01-01 06:05:07.5-03:30'), { ms: Date.UTC(2001, 0, 1, 6, 5, 7, 500), offsetMinutes: -210 });
  assert.throws(() => parseBound('--end', 'soon', parseTimeZone('UTC'), 'auto'), /--end: cannot read 'soon' as a time/);
});

test('grid: epoch-aligned origin on the wall clock, cases up to the last event or --end', () => {
  const day = { caseSeconds: 86_400, stepSeconds: 3600 };
  const grid = buildGrid({ ...day, firstEvent: Date.UTC(2001, 0, 1, 6, 5), lastEvent: Date.UTC(2001, 0, 3, 23, 59) });
  assert.equal(grid.originWall, Date.UTC(2001, 0, 1));
  assert.equal(grid.cases, 3);
  assert.equal(grid.steps, 24);
  assert.equal(stepIndex(grid, Date.UTC(2001, 0, 2, 5, 59)), 24 + 5);
  assert.equal(stepIndex(grid, Date.UTC(2001, 0, 4)), -1);
  assert.deepEqual(caseStartTimes(grid, parseTimeZone('+01:00')), ['2001-01-01T00:00:00+01:00', '2001-01-02T00:00:00+01:00', '2001-01-03T00:00:00+01:00']);
  const bounded = buildGrid({ ...day, startWall: Date.UTC(2001, 0, 1, 6), endWall: Date.UTC(2001, 0, 3), firstEvent: 0, lastEvent: 0 });
  assert.equal(bounded.originWall, Date.UTC(2001, 0, 1, 6));
  assert.equal(bounded.cases, 2); // [01 06:00, 02 06:00), [02 06:00, 03 06:00) covers --end
});
