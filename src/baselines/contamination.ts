import { UserError } from '../errors.js';

/**
 * scikit-learn's rule for turning anomaly scores into labels when the expected share of anomalies
 * (`contamination`) is known: `offset_ = np.percentile(score_samples(train), 100 * contamination)`,
 * and a case is an outlier iff `score_samples(x) < offset_`. Our scores are `-score_samples`, so a
 * case is anomalous iff `score > -offset_` (negation is exact, so the labels are the same).
 */

/** The share of anomalies assumed when none is given: the example data's 10%. */
export const DEFAULT_CONTAMINATION = 0.1;

/** sklearn accepts contamination in (0, 0.5]. */
export function checkContamination(contamination: number, what: string): void {
  if (!(contamination > 0 && contamination <= 0.5)) {
    throw new UserError(`${what}: contamination must be in (0, 0.5], got ${contamination}`);
  }
}

/**
 * `np.percentile(values, percent)` with numpy's default 'linear' method, to the last bit:
 * virtual index (n - 1) q, then numpy's `_lerp`, which interpolates from the nearer end.
 */
export function numpyPercentile(values: ArrayLike<number>, percent: number): number {
  const n = values.length;
  if (n === 0) throw new RangeError('percentile of no values');
  if (!(percent >= 0 && percent <= 100)) throw new RangeError(`percent must be in [0, 100], got ${percent}`);
  const sorted = Float64Array.from(values).sort();
  if (Number.isNaN(sorted[n - 1])) throw new RangeError('percentile of NaN');
  const virtualIndex = (n - 1) * (percent / 100);
  if (virtualIndex >= n - 1) return sorted[n - 1];
  const below = Math.floor(virtualIndex);
  const gamma = virtualIndex - below;
  const a = sorted[below];
  const b = sorted[below + 1];
  const difference = b - a;
  return gamma >= 0.5 ? b - difference * (1 - gamma) : a + difference * gamma;
}

/** The score above which a case is anomalous, from the training cases' scores (higher = more anomalous). */
export function contaminationThreshold(trainingScores: Float64Array, contamination: number): number {
  const normality = trainingScores.map((score) => -score);
  return -numpyPercentile(normality, 100 * contamination);
}

/** 1 where score > threshold, else 0. */
export function flagAboveThreshold(scores: Float64Array, threshold: number): Uint8Array {
  const flags = new Uint8Array(scores.length);
  for (let k = 0; k < scores.length; k++) flags[k] = scores[k] > threshold ? 1 : 0;
  return flags;
}
