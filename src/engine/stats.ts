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
 * Mean of the `k` largest values of `values[0..count)`, in O(count) (quickselect). `scratch` (length
 * >= count) is overwritten; passing it lets callers reuse one buffer across cases.
 */
export function meanOfLargest(values: ArrayLike<number>, count: number, k: number, scratch: Float64Array): number {
  if (k < 1 || k > count) throw new RangeError(`meanOfLargest: k = ${k} not in [1, ${count}]`);
  for (let i = 0; i < count; i++) scratch[i] = values[i];
  // Partition so that scratch[count - k .. count) holds the k largest.
  const target = count - k;
  let low = 0;
  let high = count - 1;
  while (low < high) {
    const pivot = scratch[(low + high) >>> 1];
    let i = low;
    let j = high;
    while (i <= j) {
      while (scratch[i] < pivot) i++;
      while (scratch[j] > pivot) j--;
      if (i <= j) {
        const tmp = scratch[i];
        scratch[i] = scratch[j];
        scratch[j] = tmp;
        i++;
        j--;
      }
    }
    if (target <= j) high = j;
    else if (target >= i) low = i;
    else break;
  }
  let sum = 0;
  for (let i = target; i < count; i++) sum += scratch[i];
  return sum / k;
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
