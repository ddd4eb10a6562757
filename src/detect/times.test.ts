import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stepStartTime } from './times.js';

test('step start times keep the case\'s own offset (wall-clock steps, as ingest cuts them)', () => {
  assert.equal(stepStartTime('2001-03-05T00:00:00-05:00', 14, 3600), '2001-03-05T14:00:00-05:00');
  assert.equal(stepStartTime('2001-03-05T00:00:00Z', 23, 3600), '2001-03-05T23:00:00Z');
  assert.equal(stepStartTime('2001-03-05T00:00:00.000Z', 1, 3600), '2001-03-05T01:00:00Z');
  assert.equal(stepStartTime('2024-01-01T06:00:00+05:30', 3, 900), '2024-01-01T06:45:00+05:30');
  // a step past midnight moves the date; a naive case time stays naive
  assert.equal(stepStartTime('2001-02-28T20:00:00', 5, 3600), '2001-03-01T01:00:00');
  assert.equal(stepStartTime('2001-03-05', 2, 1800), '2001-03-05T01:00:00');
});

test('a case time in another notation Date.parse reads gives UTC; an unreadable one gives nothing', () => {
  assert.equal(stepStartTime('Mon, 05 Mar 2001 00:00:00 GMT', 2, 3600), '2001-03-05T02:00:00.000Z');
  assert.equal(stepStartTime('not a time', 2, 3600), undefined);
});
