/**
 * Chunked inference: the cases go through the network a chunk at a time, so scoring needs memory
 * for one chunk's activations, not for the whole dataset's (and a reconstruction of the whole
 * dataset is never held unless the caller keeps one). Input standardisation, when the model has
 * one, is applied per chunk on the way in and undone on the reconstruction on the way out, so
 * callers only ever see the data's own units.
 */
import type { Gemm } from '../engine/gemm.js';
import { LargestValues } from '../engine/stats.js';
import { DeepSphereNetwork, type Params } from '../model/index.js';
import { tailCount } from './calibration.js';
import { scaleInput, unscaleInPlace, type InputScaling } from './input-scaling.js';

/** One chunk's answers; the arrays are reused by the next chunk (copy what you keep). */
export interface ScoredChunk {
  /** Index of the chunk's first case in the dataset. */
  first: number;
  /** Cases in the chunk. */
  count: number;
  /** d for the chunk's cases (first `count` entries). */
  distances: Float64Array;
  /** Mean squared reconstruction error per case, in the network's (standardised) units. */
  errors: Float64Array;
  /** Mean of the largest 1% squared residuals per case, in the network's units. */
  tails: Float64Array;
  /** X^, row-major (count, T, D), in the data's units, when reconstruction was asked for. */
  reconstruction?: Float32Array;
}

export interface ChunkOptions {
  reconstruct: boolean;
  chunkSize: number;
  gemm: Gemm;
}

/** Yields the scored chunks of `cases` row-major (T*D)-sized cases in `data`. */
export function* scoreChunks(
  params: Params<Float32Array>, scaling: InputScaling | undefined, data: Float32Array, cases: number, options: ChunkOptions,
): Generator<ScoredChunk> {
  if (!Number.isInteger(options.chunkSize) || options.chunkSize < 1) {
    throw new RangeError(`chunk size must be a positive integer, got ${options.chunkSize}`);
  }
  if (cases === 0) return;
  const { steps: T, features: D } = params.shape;
  const caseSize = T * D;
  const size = Math.min(options.chunkSize, cases);
  const network = new DeepSphereNetwork(params, size, options.gemm);
  const distances = new Float64Array(size);
  const errors = new Float64Array(size);
  const tails = new Float64Array(size);
  // errors and tails are streamed out of the reconstruction pass; X^ itself is only kept when asked for
  const reconstruction = options.reconstruct ? new Float32Array(size * caseSize) : undefined;
  const scaled = scaling ? new Float32Array(size * caseSize) : undefined;
  const outputs = { distances, errors, tails: { out: tails, largest: new LargestValues(tailCount(caseSize)) }, reconstruction };
  for (let first = 0; first < cases; first += size) {
    const count = Math.min(size, cases - first);
    const raw = data.subarray(first * caseSize, (first + count) * caseSize);
    let x = raw;
    if (scaled && scaling) {
      x = scaled.subarray(0, count * caseSize);
      scaleInput(scaling, raw, x);
    }
    network.forward(x, count, outputs);
    if (scaling && reconstruction) unscaleInPlace(scaling, reconstruction, count * caseSize);
    yield { first, count, distances, errors, tails, ...(reconstruction ? { reconstruction } : {}) };
  }
}
