import type { Gemm } from '../engine/gemm.js';
import { getGemm } from '../engine/backend.js';
import { UserError } from '../errors.js';
import { DEFAULT_CONTAMINATION, checkContamination, contaminationThreshold } from './contamination.js';
import { ExactNeighbours, type NeighbourLists } from './knn.js';
import { checkCaseMatrix, type Baseline } from './types.js';

/**
 * Local Outlier Factor (Breunig et al., 2000) in novelty mode, as scikit-learn's
 * `LocalOutlierFactor(n_neighbors=20, novelty=True, metric='minkowski', p=2)`, computed in float64:
 *
 *   k-distance(p)      distance from training case p to its k-th nearest other training case
 *   reach-dist(x, o)   max(d(x, o), k-distance(o))
 *   lrd(x)             1 / (mean over x's k nearest training cases o of reach-dist(x, o) + 1e-10)
 *   LOF(x)             mean over those o of lrd(o) / lrd(x)
 *
 * The 1e-10 keeps lrd finite when more than k training cases coincide. Neighbours are exactly the k
 * nearest (no k-distance ties widening the set, unlike the original paper), as in sklearn. The score
 * is LOF(x) (sklearn's `-score_samples`); a test case that equals a training case still counts that
 * case among its neighbours, while training cases exclude themselves.
 */

export interface LofOptions {
  /** Neighbours k; sklearn's default 20. Fewer training cases than k + 1 => k = cases - 1, as sklearn. */
  neighbors?: number;
  /** Expected share of anomalies, setting the threshold; default 0.1. */
  contamination?: number;
}

export const DEFAULT_LOF_NEIGHBORS = 20;

interface FittedLof {
  neighbours: ExactNeighbours;
  caseLength: number;
  k: number;
  kDistance: Float64Array;
  density: Float64Array;
  threshold: number;
}

export class LocalOutlierFactor implements Baseline {
  readonly neighbors: number;
  readonly contamination: number;
  private fitted: FittedLof | null = null;

  constructor(options: LofOptions = {}, private readonly gemm: Gemm = getGemm()) {
    this.neighbors = options.neighbors ?? DEFAULT_LOF_NEIGHBORS;
    this.contamination = options.contamination ?? DEFAULT_CONTAMINATION;
    if (!Number.isInteger(this.neighbors) || this.neighbors < 1) {
      throw new UserError(`lof: neighbors must be an integer >= 1, got ${this.neighbors}`);
    }
    checkContamination(this.contamination, 'lof');
  }

  /** Keeps `cases` (not a copy) for scoring: they must not change while this model is used. */
  fit(cases: Float32Array, count: number, caseLength: number): void {
    checkCaseMatrix({ values: cases, count, caseLength }, 'lof: training cases');
    if (count < 2) throw new UserError(`lof: needs at least 2 training cases, got ${count}`);
    const k = Math.max(1, Math.min(this.neighbors, count - 1));
    const neighbours = new ExactNeighbours({ values: cases, count, caseLength }, this.gemm);
    const own = neighbours.queryReferenceExcludingSelf(k);
    const kDistance = new Float64Array(count);
    for (let p = 0; p < count; p++) kDistance[p] = own.distances[p * k + k - 1];
    const density = reachabilityDensity(own, kDistance);
    const trainingScores = outlierFactors(own, density, density);
    this.fitted = { neighbours, caseLength, k, kDistance, density, threshold: contaminationThreshold(trainingScores, this.contamination) };
  }

  score(cases: Float32Array, count: number): Float64Array {
    const fitted = this.fittedModel();
    checkCaseMatrix({ values: cases, count, caseLength: fitted.caseLength }, 'lof: cases to score');
    const found = fitted.neighbours.query(cases, count, fitted.k);
    return outlierFactors(found, reachabilityDensity(found, fitted.kDistance), fitted.density);
  }

  threshold(): number {
    return this.fittedModel().threshold;
  }

  /** Neighbours actually used (k, after clamping to the training set). */
  effectiveNeighbors(): number {
    return this.fittedModel().k;
  }

  private fittedModel(): FittedLof {
    if (!this.fitted) throw new Error('lof: fit() must come before score() or threshold()');
    return this.fitted;
  }
}

/** lrd of each query: 1 / (mean reach-dist to its neighbours + 1e-10). */
function reachabilityDensity({ k, indices, distances }: NeighbourLists, kDistance: Float64Array): Float64Array {
  const queries = indices.length / k;
  const density = new Float64Array(queries);
  for (let q = 0; q < queries; q++) {
    let sum = 0;
    for (let n = q * k; n < (q + 1) * k; n++) sum += Math.max(distances[n], kDistance[indices[n]]);
    density[q] = 1 / (sum / k + 1e-10);
  }
  return density;
}

/** LOF of each query: mean of lrd(neighbour) / lrd(query). */
function outlierFactors({ k, indices }: NeighbourLists, queryDensity: Float64Array, trainingDensity: Float64Array): Float64Array {
  const factors = new Float64Array(queryDensity.length);
  for (let q = 0; q < queryDensity.length; q++) {
    let sum = 0;
    for (let n = q * k; n < (q + 1) * k; n++) sum += trainingDensity[indices[n]] / queryDensity[q];
    factors[q] = sum / k;
  }
  return factors;
}
