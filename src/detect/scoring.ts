/**
 * Chunked inference: the cases go through the network a chunk at a time, so scoring needs memory
 * for one chunk's activations, not for the whole dataset's (and a reconstruction of the whole
 * dataset is never held unless the caller keeps one).
 */
import type { Gemm } from '../engine/gemm.js';
import { DeepSphereNetwork, type Params } from '../model/index.js';

/** One chunk's answers; the arrays are reused by the next chunk (copy what you keep). */
export interface ScoredChunk {
  /** Index of the chunk's first case in the dataset. */
  first: number;
  /** Cases in the chunk. */
  count: number;
  /** d for the chunk's cases (first `count` entries). */
  distances: Float64Array;
  /** Mean squared reconstruction error per case (first `count` entries). */
  errors: Float64Array;
  /** X^, row-major (count, T, D), when reconstruction was asked for. */
  reconstruction?: Float32Array;
}

export interface ChunkOptions {
  reconstruct: boolean;
  chunkSize: number;
  gemm: Gemm;
}

/** Yields the scored chunks of `cases` row-major (T*D)-sized cases in `data`. */
export function* scoreChunks(
  params: Params<Float32Array>, data: Float32Array, cases: number, options: ChunkOptions,
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
  const reconstruction = options.reconstruct ? new Float32Array(size * caseSize) : undefined;
  for (let first = 0; first < cases; first += size) {
    const count = Math.min(size, cases - first);
    const x = data.subarray(first * caseSize, (first + count) * caseSize);
    network.forward(x, count, { distances, errors, ...(reconstruction ? { reconstruction } : {}) });
    yield { first, count, distances, errors, ...(reconstruction ? { reconstruction } : {}) };
  }
}
