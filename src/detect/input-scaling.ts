/**
 * Per-cell input standardisation, x' = (x - centre) / scale for each of the T*N*N cells of a case,
 * with statistics from the training cases that stay robust to the anomalies among them: the
 * median and the scaled MAD, not the mean and standard deviation (one burst in a training case
 * would inflate those). A cell whose MAD is 0 (a link that is almost always 0) gets a floor scale,
 * a fraction of the typical cell scale, so a rare non-zero value there stands out without
 * exploding to 1e6 standard deviations.
 */
import { columnLocationScale } from '../engine/stats.js';

export interface InputScaling {
  /** Per cell (T*N*N), row-major like a case. */
  centre: Float32Array;
  scale: Float32Array;
}

export interface ScalingOptions {
  /** Floor of every cell's scale, as a fraction of the median positive scale (default 0.1). */
  floorFraction?: number;
  /** Statistics use at most this many cases, evenly spaced (default 1000): bounded cost on big data. */
  maxCases?: number;
}

export function fitRobustScaling(data: Float32Array, cases: number, caseSize: number, options: ScalingOptions = {}): InputScaling {
  const used = Math.min(cases, options.maxCases ?? 1000);
  const picks = Int32Array.from({ length: used }, (_, k) => Math.floor((k * cases) / used));
  const { median, scale } = columnLocationScale(data, picks, caseSize, options.floorFraction ?? 0.1);
  return { centre: median, scale };
}

/** dst[k] = (src[k] - centre) / scale cell by cell, over whole cases (src.length a multiple of the case size). */
export function scaleInput(scaling: InputScaling, src: Float32Array, dst: Float32Array): void {
  const { centre, scale } = scaling;
  const caseSize = centre.length;
  for (let base = 0; base < src.length; base += caseSize) {
    for (let cell = 0; cell < caseSize; cell++) dst[base + cell] = (src[base + cell] - centre[cell]) / scale[cell];
  }
}

/** In place: standardised values back to the data's units, x = x' * scale + centre. */
export function unscaleInPlace(scaling: InputScaling, values: Float32Array, length: number): void {
  const { centre, scale } = scaling;
  const caseSize = centre.length;
  for (let base = 0; base < length; base += caseSize) {
    for (let cell = 0; cell < caseSize; cell++) values[base + cell] = values[base + cell] * scale[cell] + centre[cell];
  }
}
