/**
 * Robust statistics used to calibrate the model on its training data: medians, median absolute
 * deviations, quantiles and tail means. Pure functions; inputs are never modified.
 */

/** MAD * 1.4826 estimates the standard deviation of normally distributed data. */
export const MAD_TO_SD = 1.4826;

/** Median of `values` (NaN for none). */
export function median(values: ArrayLike<number>): number {
  if (values.length === 0) return Number.NaN;
  return quantileOfSorted(Float64Array.from(values).sort(), 0.5);
}

/** Median and scaled median absolute deviation (a robust mean / standard deviation pair). */
export function robustLocationScale(values: ArrayLike<number>): { median: number; scale: number } {
  const centre = median(values);
  const deviations = Float64Array.from(values, (v) => Math.abs(v - centre));
  return { median: centre, scale: MAD_TO_SD * median(deviations) };
}

/** The q-quantile (0 <= q <= 1) of ascending `sorted`, interpolated linearly (numpy's default). */
export function quantileOfSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const position = q * (n - 1);
  const below = Math.floor(position);
  const above = Math.min(n - 1, below + 1);
  return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
}

/**
 * The `k` largest of a stream of values, for their mean (the tail error of a case): a min-heap of
 * the k kept so far, so each further value costs one comparison with the smallest kept unless it
 * enters. On unordered data only about k ln(n/k) of n values enter, so this is one pass at nearly
 * the cost of reading the values, with no copy and no partitioning. Storage is allocated once;
 * reset() starts the next stream.
 */
export class LargestValues {
  /** The heap's storage (k values); a native kernel doing the same selection may use it as scratch. */
  readonly heap: Float64Array;
  private size = 0;

  constructor(readonly k: number) {
    if (!Number.isInteger(k) || k < 1) throw new RangeError(`LargestValues: k = ${k} must be an integer >= 1`);
    this.heap = new Float64Array(k);
  }

  reset(): void {
    this.size = 0;
  }

  offer(value: number): void {
    const heap = this.heap;
    if (this.size < this.k) {
      let i = this.size++;
      while (i > 0) { // sift up
        const parent = (i - 1) >> 1;
        if (heap[parent] <= value) break;
        heap[i] = heap[parent];
        i = parent;
      }
      heap[i] = value;
    } else if (value > heap[0]) {
      this.replaceSmallest(value);
    }
  }

  /**
   * A value must exceed this to change the kept set (-Infinity until k are kept), so a hot loop can
   * skip the call for the (many) values that would not enter.
   */
  floor(): number {
    return this.size < this.k ? Number.NEGATIVE_INFINITY : this.heap[0];
  }

  /** Mean of the k largest values offered since the last reset (RangeError if fewer than k were). */
  mean(): number {
    if (this.size < this.k) throw new RangeError(`LargestValues: ${this.size} values offered, fewer than k = ${this.k}`);
    let sum = 0;
    for (let i = 0; i < this.k; i++) sum += this.heap[i];
    return sum / this.k;
  }

  private replaceSmallest(value: number): void {
    const heap = this.heap;
    const n = this.k;
    let i = 0;
    for (;;) { // sift down
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && heap[right] < heap[left] ? right : left;
      if (heap[child] >= value) break;
      heap[i] = heap[child];
      i = child;
    }
    heap[i] = value;
  }
}

/**
 * Per column of a row-major (rows x columns) matrix: median and scaled MAD over the given `rows`
 * (indices). A column whose scale is 0 (constant, or constant but for a few values) gets a floor
 * scale of `floorFraction` times the median positive column scale, so dividing by it stays
 * meaningful; if no column has a positive scale, the floor is 1.
 */
export function columnLocationScale(
  matrix: Float32Array, rows: ArrayLike<number>, columns: number, floorFraction: number,
): { median: Float32Array; scale: Float32Array } {
  const centre = new Float32Array(columns);
  const scale = new Float32Array(columns);
  const column = new Float64Array(rows.length);
  for (let c = 0; c < columns; c++) {
    for (let k = 0; k < rows.length; k++) column[k] = matrix[rows[k] * columns + c];
    const stats = robustLocationScale(column);
    centre[c] = stats.median;
    scale[c] = stats.scale;
  }
  const positive = scale.filter((s) => s > 0);
  const floor = positive.length > 0 ? floorFraction * median(positive) : 1;
  for (let c = 0; c < columns; c++) scale[c] = Math.max(scale[c], floor);
  return { median: centre, scale };
}
