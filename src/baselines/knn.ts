import { getGemm } from '../engine/backend.js';
import type { Gemm } from '../engine/gemm.js';
import { checkCaseMatrix, type CaseMatrix } from './types.js';

/**
 * Exact k nearest neighbours under the Euclidean distance, by brute force.
 *
 * Squared distances come from one GEMM per block, ||q||^2 + ||r||^2 - 2 q.r, in float64 (OpenBLAS
 * when present). That formula cancels badly when two cases are close, so it only picks candidates:
 * every case whose GEMM distance lies within twice the worst-case rounding error of the k-th smallest
 * is re-measured directly as sum (q_i - r_i)^2, and the k nearest by that exact value are kept, ties
 * going to the lower index. Duplicated cases are therefore at distance exactly 0, as in
 * scikit-learn's KD tree, which LOF's reachability distances depend on.
 */

/** `k` neighbours per query, row-major (queries x k), nearest first. */
export interface NeighbourLists {
  k: number;
  /** Indices into the reference cases. */
  indices: Int32Array;
  /** Euclidean distances. */
  distances: Float64Array;
}

/** Default bound on the doubles in one scratch block (32 MiB). */
const BLOCK_ELEMENTS = 1 << 22;
const MAX_QUERY_BLOCK = 256;
/** 2^-52: one ulp of 1, a safe stand-in for the unit roundoff in the error bound. */
const EPSILON = 2 ** -52;

export class ExactNeighbours {
  private readonly reference: CaseMatrix;
  private readonly referenceSquaredNorms: Float64Array;
  private readonly largestSquaredNorm: number;

  /**
   * Keeps `reference` (not a copy): it must not change while this object is used.
   * `blockElements` bounds each float64 scratch block (query rows, reference rows, products).
   */
  constructor(reference: CaseMatrix, private readonly gemm: Gemm = getGemm(), private readonly blockElements = BLOCK_ELEMENTS) {
    checkCaseMatrix(reference, 'nearest neighbours: reference cases');
    this.reference = reference;
    this.referenceSquaredNorms = squaredNorms(reference.values, reference.count, reference.caseLength);
    this.largestSquaredNorm = this.referenceSquaredNorms.reduce((a, b) => Math.max(a, b), 0);
  }

  /** The `k` nearest reference cases of each query case. */
  query(queries: Float32Array, count: number, k: number): NeighbourLists {
    checkCaseMatrix({ values: queries, count, caseLength: this.reference.caseLength }, 'nearest neighbours: query cases');
    return this.nearest(queries, count, k);
  }

  /**
   * scikit-learn's `kneighbors()` without X: the `k` nearest of each reference case among the others.
   * Like sklearn it finds k + 1 and drops the case itself, or, when more than k duplicates hide it,
   * the first of them (the same distance 0, so which one is immaterial).
   */
  queryReferenceExcludingSelf(k: number): NeighbourLists {
    const { values, count } = this.reference;
    const withSelf = this.nearest(values, count, k + 1);
    const indices = new Int32Array(count * k);
    const distances = new Float64Array(count * k);
    for (let row = 0; row < count; row++) {
      const from = row * (k + 1);
      let skip = withSelf.indices.subarray(from, from + k + 1).indexOf(row);
      if (skip < 0) skip = 0;
      for (let source = 0, target = row * k; source <= k; source++) {
        if (source === skip) continue;
        indices[target] = withSelf.indices[from + source];
        distances[target++] = withSelf.distances[from + source];
      }
    }
    return { k, indices, distances };
  }

  private nearest(queries: Float32Array, count: number, k: number): NeighbourLists {
    const { values: reference, count: referenceCount, caseLength } = this.reference;
    if (!Number.isInteger(k) || k < 1 || k > referenceCount) {
      throw new RangeError(`nearest neighbours: k must be an integer in [1, ${referenceCount}], got ${k}`);
    }
    const { blockElements } = this;
    const queryBlock = clampBlock(Math.min(MAX_QUERY_BLOCK, blockElements / referenceCount, blockElements / caseLength), count);
    const referenceBlock = clampBlock(blockElements / caseLength, referenceCount);
    const queryRows = new Float64Array(queryBlock * caseLength);
    const referenceRows = new Float64Array(referenceBlock * caseLength);
    const products = new Float64Array(queryBlock * referenceCount);
    const indices = new Int32Array(count * k);
    const distances = new Float64Array(count * k);
    const selector = new CandidateSelector(k, referenceCount);
    // Worst-case rounding of a length-D dot product (and of the two norms) is about D ulps of the norms.
    const errorPerNorm = (3 * caseLength + 8) * EPSILON;

    for (let q0 = 0; q0 < count; q0 += queryBlock) {
      const rows = Math.min(queryBlock, count - q0);
      copyToFloat64(queries, q0 * caseLength, rows * caseLength, queryRows);
      const queryNorms = squaredNorms(queryRows, rows, caseLength);
      for (let r0 = 0; r0 < referenceCount; r0 += referenceBlock) {
        const columns = Math.min(referenceBlock, referenceCount - r0);
        copyToFloat64(reference, r0 * caseLength, columns * caseLength, referenceRows);
        // products[q, r0 + r] = -2 q . r
        this.gemm.sgemm(false, true, rows, columns, caseLength, -2, queryRows, caseLength,
          referenceRows, caseLength, 0, products.subarray(r0), referenceCount);
      }
      for (let row = 0; row < rows; row++) {
        const approximate = products.subarray(row * referenceCount, (row + 1) * referenceCount);
        for (let r = 0; r < referenceCount; r++) approximate[r] += queryNorms[row] + this.referenceSquaredNorms[r];
        const margin = 2 * errorPerNorm * (queryNorms[row] + this.largestSquaredNorm);
        const query = queries.subarray((q0 + row) * caseLength, (q0 + row + 1) * caseLength);
        selector.select(approximate, margin, (r) => exactSquaredDistance(query, reference, r * caseLength));
        selector.write(indices, distances, (q0 + row) * k);
      }
    }
    return { k, indices, distances };
  }
}

/** Picks the k nearest of one query from its approximate squared distances, re-measuring candidates exactly. */
class CandidateSelector {
  private readonly smallest: Float64Array;
  private candidates: Int32Array;
  private exact: Float64Array;
  private order: number[] = [];

  constructor(private readonly k: number, referenceCount: number) {
    this.smallest = new Float64Array(k);
    this.candidates = new Int32Array(Math.min(referenceCount, 4 * k));
    this.exact = new Float64Array(this.candidates.length);
  }

  select(approximate: Float64Array, margin: number, exactSquared: (reference: number) => number): void {
    const bound = this.kthSmallest(approximate) + margin;
    let found = 0;
    for (let r = 0; r < approximate.length; r++) {
      if (approximate[r] > bound) continue;
      if (found === this.candidates.length) this.grow(approximate.length);
      this.candidates[found] = r;
      this.exact[found++] = exactSquared(r);
    }
    this.order = Array.from({ length: found }, (_, n) => n);
    // Candidates come in index order, and Array.prototype.sort is stable: ties keep the lower index first.
    this.order.sort((a, b) => this.exact[a] - this.exact[b]);
  }

  write(indices: Int32Array, distances: Float64Array, at: number): void {
    for (let n = 0; n < this.k; n++) {
      indices[at + n] = this.candidates[this.order[n]];
      distances[at + n] = Math.sqrt(this.exact[this.order[n]]);
    }
  }

  /** The k-th smallest value, by insertion into a sorted buffer of k (k is small: LOF's neighbours). */
  private kthSmallest(values: Float64Array): number {
    const { smallest, k } = this;
    smallest.fill(Infinity);
    for (let r = 0; r < values.length; r++) {
      const value = values[r];
      if (value >= smallest[k - 1]) continue;
      let slot = k - 1;
      while (slot > 0 && smallest[slot - 1] > value) {
        smallest[slot] = smallest[slot - 1];
        slot--;
      }
      smallest[slot] = value;
    }
    return smallest[k - 1];
  }

  private grow(limit: number): void {
    const size = Math.min(limit, 2 * this.candidates.length);
    const candidates = new Int32Array(size);
    const exact = new Float64Array(size);
    candidates.set(this.candidates);
    exact.set(this.exact);
    this.candidates = candidates;
    this.exact = exact;
  }
}

function clampBlock(limit: number, total: number): number {
  return Math.max(1, Math.min(total, Math.floor(limit)));
}

function copyToFloat64(source: Float32Array, from: number, length: number, target: Float64Array): void {
  for (let n = 0; n < length; n++) target[n] = source[from + n];
}

function squaredNorms(values: Float32Array | Float64Array, count: number, caseLength: number): Float64Array {
  const norms = new Float64Array(count);
  for (let row = 0; row < count; row++) {
    let sum = 0;
    for (let n = row * caseLength, end = n + caseLength; n < end; n++) sum += values[n] * values[n];
    norms[row] = sum;
  }
  return norms;
}

function exactSquaredDistance(query: Float32Array, reference: Float32Array, from: number): number {
  let sum = 0;
  for (let n = 0; n < query.length; n++) {
    const difference = query[n] - reference[from + n];
    sum += difference * difference;
  }
  return sum;
}
