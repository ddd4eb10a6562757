import assert from 'node:assert/strict';
import { test } from 'node:test';
import { calibrateScores, caseScore, needsScoreCalibration } from './calibration.js';

// Three training cases per signal: medians 2 / 1 / 10, robust scales 1.4826 / 0.14826 / 14.826.
const calibration = calibrateScores([1, 2, 3], [0.9, 1, 1.1], [0, 10, 20]);
const signals = { distance: 2 + 1.4826 * 3, error: 1 + 0.14826 * 6, tail: 10 };

test('case scores: sphere d - r, combined max of z-scores, average their mean, reconstruction e', () => {
  const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-9, `${a} vs ${b}`);
  close(caseScore('sphere', 1.5, calibration, signals), signals.distance - 1.5);
  close(caseScore('combined', 1.5, calibration, signals), 6);
  close(caseScore('average', 1.5, calibration, signals), (3 + 6 + 0) / 3);
  close(caseScore('reconstruction', 1.5, calibration, signals), signals.error);
  assert.deepEqual(['sphere', 'combined', 'average', 'reconstruction'].map((k) => needsScoreCalibration(k as 'sphere')), [false, true, true, false]);
});
