import type { Rng } from '../engine/random.js';
import type { CaseMatrix } from './types.js';

/**
 * One isolation tree (Liu, Ting and Zhou, 2008) grown as scikit-learn's IsolationForest grows its
 * ExtraTreeRegressor(max_features=1, splitter='random'): at each node draw a feature uniformly among
 * those not constant on the node's cases (sklearn counts a range <= 1e-7 as constant), split at a
 * uniform threshold in [min, max), cases with value <= threshold going left; stop at `maxDepth`, at a
 * single case, or when every feature is constant.
 */

/** Euler-Mascheroni constant (numpy's np.euler_gamma). */
const EULER_GAMMA = 0.5772156649015329;
/** sklearn's FEATURE_THRESHOLD: a feature spanning no more than this on a node cannot split it. */
const CONSTANT_RANGE = 1e-7;
/** Random draws of a feature before listing the non-constant ones outright (only costs speed). */
const FEATURE_DRAWS = 32;

/**
 * c(n), the average path length of an unsuccessful search in a binary search tree of n cases: the
 * expected depth still to go below a leaf holding n cases, and the normaliser of the score.
 */
export function averagePathLength(n: number): number {
  if (n <= 1) return 0;
  if (n === 2) return 1;
  return 2 * (Math.log(n - 1) + EULER_GAMMA) - (2 * (n - 1)) / n;
}

/** Flat node arrays; node 0 is the root; `left[node] < 0` marks a leaf. */
export interface IsolationTree {
  feature: Int32Array;
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  /** At a leaf: its depth + c(cases that reached it), the path length h(x) of every case landing there. */
  leafPathLength: Float64Array;
}

/** Grows a tree on the cases listed in `sample` (which it reorders). */
export function growIsolationTree(cases: CaseMatrix, sample: Int32Array, maxDepth: number, rng: Rng): IsolationTree {
  const capacity = 2 * sample.length - 1;
  const tree: IsolationTree = {
    feature: new Int32Array(capacity),
    threshold: new Float64Array(capacity),
    left: new Int32Array(capacity).fill(-1),
    right: new Int32Array(capacity).fill(-1),
    leafPathLength: new Float64Array(capacity),
  };
  let nodes = 0;
  const grow = (start: number, end: number, depth: number): number => {
    const node = nodes++;
    const split = depth < maxDepth && end - start >= 2 ? drawSplit(cases, sample, start, end, rng) : null;
    if (!split) {
      tree.leafPathLength[node] = depth + averagePathLength(end - start);
      return node;
    }
    tree.feature[node] = split.feature;
    tree.threshold[node] = split.threshold;
    const middle = partition(cases, sample, start, end, split.feature, split.threshold);
    tree.left[node] = grow(start, middle, depth + 1);
    tree.right[node] = grow(middle, end, depth + 1);
    return node;
  };
  grow(0, sample.length, 0);
  return tree;
}

/** h(x) of the case at `values[from ...]`: edges from the root to its leaf, plus the leaf's c(n). */
export function pathLength(tree: IsolationTree, values: Float32Array, from: number): number {
  let node = 0;
  while (tree.left[node] >= 0) {
    node = values[from + tree.feature[node]] <= tree.threshold[node] ? tree.left[node] : tree.right[node];
  }
  return tree.leafPathLength[node];
}

interface Split {
  feature: number;
  threshold: number;
}

/** A uniformly drawn non-constant feature and a uniform threshold in [min, max), or null if all are constant. */
function drawSplit(cases: CaseMatrix, sample: Int32Array, start: number, end: number, rng: Rng): Split | null {
  const range = { min: 0, max: 0 };
  const splitOn = (feature: number): Split => {
    // sklearn's rand_uniform(min, max); a draw that rounds up to max would send everything left.
    let threshold = range.min + (range.max - range.min) * rng.next();
    if (threshold === range.max) threshold = range.min;
    return { feature, threshold };
  };
  // Rejection keeps the draw uniform over the non-constant features; the listing below is the same
  // distribution, for nodes where most features are constant.
  for (let attempt = 0; attempt < FEATURE_DRAWS; attempt++) {
    const feature = rng.int(cases.caseLength);
    measureRange(cases, sample, start, end, feature, range);
    if (range.max > range.min + CONSTANT_RANGE) return splitOn(feature);
  }
  const splittable: number[] = [];
  for (let feature = 0; feature < cases.caseLength; feature++) {
    measureRange(cases, sample, start, end, feature, range);
    if (range.max > range.min + CONSTANT_RANGE) splittable.push(feature);
  }
  if (splittable.length === 0) return null;
  const feature = splittable[rng.int(splittable.length)];
  measureRange(cases, sample, start, end, feature, range);
  return splitOn(feature);
}

function measureRange(
  { values, caseLength }: CaseMatrix, sample: Int32Array, start: number, end: number, feature: number,
  range: { min: number; max: number },
): void {
  let min = Infinity;
  let max = -Infinity;
  for (let n = start; n < end; n++) {
    const value = values[sample[n] * caseLength + feature];
    if (value < min) min = value;
    if (value > max) max = value;
  }
  range.min = min;
  range.max = max;
}

/** Reorders sample[start, end) so cases with value <= threshold come first; returns where the rest begin. */
function partition(
  { values, caseLength }: CaseMatrix, sample: Int32Array, start: number, end: number, feature: number, threshold: number,
): number {
  let middle = start;
  for (let n = start; n < end; n++) {
    if (values[sample[n] * caseLength + feature] <= threshold) {
      const swap = sample[middle];
      sample[middle++] = sample[n];
      sample[n] = swap;
    }
  }
  return middle;
}
