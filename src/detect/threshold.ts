/**
 * Where the case score turns into a label. The rule is chosen at training time (stored in the
 * model) and can be overridden at detect time; every rule but the paper's is resolved against the
 * scores of the training cases, which the model keeps for that purpose.
 *
 *   sphere            the paper's: anomalous iff d > r (1 + tolerance)
 *   contamination:P   the top share P of training scores is anomalous (P in (0, 1))
 *   quantile:Q        anomalous iff score > the Q-quantile of training scores (Q in (0, 1))
 *   zscore:K          anomalous iff score > median + K * 1.4826 MAD of training scores (K > 0)
 */
import { UserError } from '../errors.js';
import { quantileOfSorted, robustLocationScale } from '../engine/stats.js';

export type ThresholdSpec =
  | { kind: 'sphere' }
  | { kind: 'contamination'; share: number }
  | { kind: 'quantile'; q: number }
  | { kind: 'zscore'; k: number };

export const THRESHOLD_HELP = 'sphere (d > r(1+tolerance)), contamination:P, quantile:Q (of training scores) or zscore:K';

export function parseThreshold(text: string, flag = '--threshold'): ThresholdSpec {
  const [kind, argument, ...rest] = text.trim().split(':');
  const bad = (why: string): never => {
    throw new UserError(`${flag}: ${why}, got '${text}' (expected ${THRESHOLD_HELP})`);
  };
  if (rest.length > 0) bad('too many parts');
  if (kind === 'sphere') {
    if (argument !== undefined) bad('sphere takes no value');
    return { kind: 'sphere' };
  }
  const value = argument === undefined || argument.trim() === '' ? NaN : Number(argument);
  if (kind === 'contamination' || kind === 'quantile') {
    if (!(value > 0 && value < 1)) bad(`${kind} needs a number in (0, 1)`);
    return kind === 'contamination' ? { kind, share: value } : { kind, q: value };
  }
  if (kind === 'zscore') {
    if (!(value > 0 && Number.isFinite(value))) bad('zscore needs a number > 0');
    return { kind, k: value };
  }
  return bad('unknown rule');
}

export function formatThreshold(spec: ThresholdSpec): string {
  switch (spec.kind) {
    case 'sphere': return 'sphere';
    case 'contamination': return `contamination:${spec.share}`;
    case 'quantile': return `quantile:${spec.q}`;
    case 'zscore': return `zscore:${spec.k}`;
  }
}

export interface ResolvedThreshold {
  /** The rule as text, e.g. "zscore:5". */
  rule: string;
  /** Plain words, e.g. "d > r(1 + 0.1) = 0.4933" or "score > 6.12 (zscore:5 of training scores)". */
  description: string;
  /** For sphere: the distance cut r (1 + tolerance); otherwise the case-score cut. */
  value: number;
  /** Whether `value` cuts the distance d (sphere) or the case score. */
  on: 'distance' | 'score';
}

/** Resolves `spec` given the training cases' scores and the sphere (radius r, tolerance). */
export function resolveThreshold(
  spec: ThresholdSpec, trainingScores: Float32Array | Float64Array, sphere: { radius: number; tolerance: number },
): ResolvedThreshold {
  const rule = formatThreshold(spec);
  if (spec.kind === 'sphere') {
    const value = sphere.radius * (1 + sphere.tolerance);
    return { rule, on: 'distance', value, description: `d > r(1 + ${sphere.tolerance}) = ${value.toPrecision(4)}` };
  }
  if (trainingScores.length === 0) throw new UserError(`threshold ${rule}: the model holds no training scores to resolve it`);
  let value: number;
  if (spec.kind === 'zscore') {
    const { median, scale } = robustLocationScale(trainingScores);
    value = median + spec.k * scale;
  } else {
    const sorted = Float64Array.from(trainingScores).sort();
    value = quantileOfSorted(sorted, spec.kind === 'quantile' ? spec.q : 1 - spec.share);
  }
  return { rule, on: 'score', value, description: `score > ${value.toPrecision(4)} (${rule} of the training scores)` };
}

/** 1 = anomalous for each case, by the resolved rule. */
export function applyThreshold(threshold: ResolvedThreshold, distances: ArrayLike<number>, scores: ArrayLike<number>): Uint8Array {
  const basis = threshold.on === 'distance' ? distances : scores;
  return Uint8Array.from({ length: basis.length }, (_, k) => (basis[k] > threshold.value ? 1 : 0));
}
