/**
 * Case and cell scores calibrated on the training data, so different evidence can be combined and
 * thresholds mean the same thing on every data set.
 *
 * Case score, by model kind:
 *   'sphere'    d - r, the paper's (positive outside the hypersphere);
 *   'combined'  max of three robust z-scores, each (x - median) / (1.4826 MAD) over the training
 *               cases: the hypersphere distance d, the mean squared reconstruction error e, and the
 *               tail error (mean of the largest 1% squared residuals, which a local anomaly such as a
 *               burst on a few links raises far more than it raises the mean).
 *   'average'   the mean of the same three z-scores: a case must look unusual on the evidence as a
 *               whole, where 'combined' flags it when any one signal does (and so inherits the false
 *               alarms of the noisiest one, usually the distance; see README "Accuracy").
 *   'reconstruction'  e alone, the mean squared reconstruction error in the network's units: the
 *               score of a plain autoencoder (the LSTM-AE baseline, baselines/lstm-ae.ts).
 * Cell score: the residual's robust z-score per cell (t, i, j) over the training cases; a cell is
 * flagged anomalous when |z| exceeds the cell threshold.
 */
import { columnLocationScale, robustLocationScale } from '../engine/stats.js';

export const CASE_SCORE_KINDS = ['sphere', 'combined', 'average', 'reconstruction'] as const;
export type CaseScoreKind = (typeof CASE_SCORE_KINDS)[number];

export interface LocationScale {
  median: number;
  scale: number;
}

/** Training statistics of the three case-level signals. */
export interface ScoreCalibration {
  distance: LocationScale;
  error: LocationScale;
  tail: LocationScale;
}

/** Per case signals from the network. */
export interface CaseSignals {
  distance: number;
  error: number;
  tail: number;
}

/** Share of a case's cells averaged by the tail error. */
export const TAIL_SHARE = 0.01;

export function tailCount(caseSize: number): number {
  return Math.max(1, Math.round(caseSize * TAIL_SHARE));
}

/** Whether `kind` needs the training statistics of distance, error and tail error. */
export function needsScoreCalibration(kind: CaseScoreKind): boolean {
  return kind === 'combined' || kind === 'average';
}

export function calibrateScores(distances: ArrayLike<number>, errors: ArrayLike<number>, tails: ArrayLike<number>): ScoreCalibration {
  return { distance: stable(distances), error: stable(errors), tail: stable(tails) };
}

/** robustLocationScale with a scale that is never 0 (all-equal training values would divide by 0). */
function stable(values: ArrayLike<number>): LocationScale {
  const { median, scale } = robustLocationScale(values);
  return { median, scale: scale > 0 ? scale : Math.max(Math.abs(median) * 1e-6, 1e-12) };
}

const z = (value: number, { median, scale }: LocationScale) => (value - median) / scale;

export function caseScore(kind: CaseScoreKind, radius: number, calibration: ScoreCalibration | undefined, s: CaseSignals): number {
  if (kind === 'reconstruction') return s.error;
  if (kind === 'sphere' || calibration === undefined) return s.distance - radius;
  const distance = z(s.distance, calibration.distance);
  const error = z(s.error, calibration.error);
  const tail = z(s.tail, calibration.tail);
  return kind === 'average' ? (distance + error + tail) / 3 : Math.max(distance, error, tail);
}

/** Per-cell robust location and scale of the (standardised) residual over training cases. */
export interface CellCalibration {
  median: Float32Array;
  scale: Float32Array;
}

/** From the residuals of `cases` training cases of `caseSize` cells each (floor as in the input scaling). */
export function calibrateCells(residuals: Float32Array, cases: number, caseSize: number): CellCalibration {
  return columnLocationScale(residuals, Int32Array.from({ length: cases }, (_, k) => k), caseSize, 0.1);
}
