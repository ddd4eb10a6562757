import { Rng } from '../engine/random.js';
import { UserError } from '../errors.js';
import { DEFAULT_CONTAMINATION, checkContamination, contaminationThreshold } from './contamination.js';
import { averagePathLength, growIsolationTree, pathLength, type IsolationTree } from './isolation-tree.js';
import { checkCaseMatrix, type Baseline } from './types.js';

/**
 * Isolation Forest (Liu, Ting and Zhou, 2008) as scikit-learn's
 * `IsolationForest(n_estimators=100, max_samples='auto', max_features=1.0, bootstrap=False)`:
 * each tree is grown on its own subsample of psi = min(256, n) training cases drawn without
 * replacement, to depth ceil(log2 psi). The score of x is
 *
 *   s(x) = 2 ^ (-E[h(x)] / c(psi)),
 *
 * h(x) being x's path length in one tree (edges to its leaf plus c(cases in that leaf)); s is in (0, 1],
 * near 1 for cases isolated quickly. It is sklearn's `-score_samples`. The random stream is our Rng, so
 * forests differ from sklearn's tree by tree; they agree in distribution.
 */

export interface IsolationForestOptions {
  /** Number of trees; default 100. */
  trees?: number;
  /** Training cases per tree, psi; default min(256, training cases); larger values are clamped to that count. */
  maxSamples?: number;
  /** Expected share of anomalies, setting the threshold; default 0.1. */
  contamination?: number;
  /** Seed of the subsamples and splits: same seed and data => same forest. Default 1000, as training. */
  seed?: number;
}

export const DEFAULT_IFOREST_TREES = 100;
export const DEFAULT_IFOREST_MAX_SAMPLES = 256;
export const DEFAULT_IFOREST_SEED = 1000;

interface Forest {
  trees: IsolationTree[];
  caseLength: number;
  /** c(psi), the path length a typical case would have. */
  normaliser: number;
}

interface FittedForest extends Forest {
  threshold: number;
}

export class IsolationForest implements Baseline {
  readonly trees: number;
  readonly maxSamples: number | undefined;
  readonly contamination: number;
  readonly seed: number;
  private fitted: FittedForest | null = null;

  constructor(options: IsolationForestOptions = {}) {
    this.trees = options.trees ?? DEFAULT_IFOREST_TREES;
    this.maxSamples = options.maxSamples;
    this.contamination = options.contamination ?? DEFAULT_CONTAMINATION;
    this.seed = options.seed ?? DEFAULT_IFOREST_SEED;
    if (!Number.isInteger(this.trees) || this.trees < 1) throw new UserError(`iforest: trees must be an integer >= 1, got ${this.trees}`);
    if (this.maxSamples !== undefined && (!Number.isInteger(this.maxSamples) || this.maxSamples < 1)) {
      throw new UserError(`iforest: maxSamples must be an integer >= 1, got ${this.maxSamples}`);
    }
    if (!Number.isSafeInteger(this.seed)) throw new UserError(`iforest: seed must be an integer, got ${this.seed}`);
    checkContamination(this.contamination, 'iforest');
  }

  /** Only reads `cases`; the trees keep thresholds, not the cases. */
  fit(cases: Float32Array, count: number, caseLength: number): void {
    const matrix = { values: cases, count, caseLength };
    checkCaseMatrix(matrix, 'iforest: training cases');
    if (count < 1) throw new UserError('iforest: needs at least 1 training case, got 0');
    const sampleSize = Math.min(this.maxSamples ?? DEFAULT_IFOREST_MAX_SAMPLES, count);
    const maxDepth = Math.ceil(Math.log2(Math.max(sampleSize, 2)));
    const rng = new Rng(this.seed);
    // A partial Fisher-Yates shuffle per tree: its first sampleSize entries are a uniform subsample,
    // and shuffling on from the previous tree's order keeps it uniform, so the array is never reset.
    const order = Int32Array.from({ length: count }, (_, n) => n);
    const trees: IsolationTree[] = [];
    for (let t = 0; t < this.trees; t++) {
      for (let n = 0; n < sampleSize; n++) {
        const pick = n + rng.int(count - n);
        const swap = order[n];
        order[n] = order[pick];
        order[pick] = swap;
      }
      trees.push(growIsolationTree(matrix, order.slice(0, sampleSize), maxDepth, rng));
    }
    const forest: Forest = { trees, caseLength, normaliser: averagePathLength(sampleSize) };
    this.fitted = { ...forest, threshold: contaminationThreshold(scoreWith(forest, cases, count), this.contamination) };
  }

  score(cases: Float32Array, count: number): Float64Array {
    const forest = this.fittedForest();
    checkCaseMatrix({ values: cases, count, caseLength: forest.caseLength }, 'iforest: cases to score');
    return scoreWith(forest, cases, count);
  }

  threshold(): number {
    return this.fittedForest().threshold;
  }

  private fittedForest(): FittedForest {
    if (!this.fitted) throw new Error('iforest: fit() must come before score() or threshold()');
    return this.fitted;
  }
}

function scoreWith({ trees, caseLength, normaliser }: Forest, cases: Float32Array, count: number): Float64Array {
  const scores = new Float64Array(count);
  // With psi = 1 every path is 0 and c(1) = 0; sklearn then takes the ratio as 1 (score 0.5).
  const denominator = trees.length * normaliser;
  for (let n = 0; n < count; n++) {
    let total = 0;
    for (const tree of trees) total += pathLength(tree, cases, n * caseLength);
    scores[n] = 2 ** -(denominator === 0 ? 1 : total / denominator);
  }
  return scores;
}
