/** Pickle files on disk: size-checked reads, atomic writes. */
import { readFileSync, statSync } from 'node:fs';
import { UserError } from '../../errors.js';
import { writeFileAtomic } from '../atomic.js';
import { parsePickle } from './reader.js';
import { encodePickle } from './writer.js';
import { NdArray, defaultMaxBytes, formatBytes } from './ndarray.js';
import type { PyValue } from './values.js';

export interface ReadPickleOptions {
  /** Largest file / array accepted, in bytes; default 75% of physical memory. */
  maxBytes?: number;
}

/** Reads and parses the pickle at `path`; refuses a file larger than `maxBytes` before reading it. */
export function readPickleFile(path: string, options: ReadPickleOptions = {}): PyValue {
  const maxBytes = options.maxBytes ?? defaultMaxBytes();
  const size = statSync(path).size;
  if (size > maxBytes) {
    throw new UserError(`${path}: file is ${formatBytes(size)}, over the memory limit of ${formatBytes(maxBytes)}`);
  }
  return parsePickle(readFileSync(path), { source: path, maxBytes });
}

/** Writes `value` as a protocol-4 pickle, atomically. */
export function writePickle(path: string, value: PyValue): void {
  writeFileAtomic(path, encodePickle(value));
}

/**
 * Writes one float32 ndarray of `shape` (C order) as a pickle, e.g. a residual tensor as the
 * original's test_diff_pred.pkl: `pickle.load(f)` gives a numpy array.
 */
export function writeNumpyPickle(path: string, array: Float32Array, shape: number[]): void {
  writePickle(path, NdArray.fromTyped(array, shape));
}
