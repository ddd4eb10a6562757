/**
 * The contract every classic baseline (LOF, Isolation Forest) keeps, so that they run on the same
 * data path and are judged with the same metrics as DeepSphere.
 *
 * A baseline sees each case as one flat vector: the case's T x N x N values in row-major order
 * (exactly a `Dataset`'s layout), so `count` cases of `caseLength = T * N * N` values are a
 * row-major matrix held in one Float32Array.
 */

/** `count` cases of `caseLength` values each, row-major. */
export interface CaseMatrix {
  values: Float32Array;
  count: number;
  caseLength: number;
}

export interface Baseline {
  /** Learns what normal cases look like from the training cases (which may hold a few anomalies). */
  fit(cases: Float32Array, count: number, caseLength: number): void;
  /**
   * One anomaly score per case, higher = more anomalous (scikit-learn's `-score_samples`).
   * The cases must have the `caseLength` given to `fit`.
   */
  score(cases: Float32Array, count: number): Float64Array;
  /**
   * Cases scoring strictly above this are anomalous: the training score at the contamination
   * quantile, by scikit-learn's `offset_` rule (see contamination.ts). Available after `fit`.
   */
  threshold(): number;
}

/** Checks a case matrix's sizes and values, naming `what` (e.g. "lof: training cases") in the error. */
export function checkCaseMatrix({ values, count, caseLength }: CaseMatrix, what: string): void {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`${what}: count must be an integer >= 0, got ${count}`);
  if (!Number.isInteger(caseLength) || caseLength < 1) {
    throw new RangeError(`${what}: caseLength must be an integer >= 1, got ${caseLength}`);
  }
  if (values.length !== count * caseLength) {
    throw new RangeError(`${what}: ${values.length} values, expected ${count} cases x ${caseLength}`);
  }
  for (let k = 0; k < values.length; k++) {
    // v - v is NaN exactly for NaN and +-Infinity.
    if (Number.isNaN(values[k] - values[k])) {
      throw new RangeError(`${what}: case ${Math.floor(k / caseLength)} holds ${values[k]} at value ${k % caseLength}`);
    }
  }
}
