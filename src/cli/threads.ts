import { availableParallelism } from 'node:os';
import { Option } from 'commander';
import { setGemmThreads } from '../engine/backend.js';
import { numberFlag } from './flags.js';

/** `--threads <n>`: threads for the matrix products; default all cores. */
export function threadsOption(): Option {
  return new Option('--threads <n>', `threads for the matrix products (default: all ${availableParallelism()} cores)`);
}

export function applyThreads(text: string | undefined): void {
  setGemmThreads(text === undefined ? availableParallelism() : numberFlag('--threads', text, { min: 1, integer: true }));
}
