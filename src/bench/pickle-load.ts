/**
 * Load time of a dataset pickle: this package vs CPython's pickle.load, each in a fresh process per
 * run (as a CLI invocation would be), runs interleaved so machine noise hits both alike.
 *
 * - node parse:      readFileSync + parsePickle + toFloat32(data) (the part that matches pickle.load)
 * - node load:       loadDataset (adds label/diff validation and the NaN/Inf scan)
 * - python (cold):   open + pickle.load, timed inside Python; it imports numpy on the way, as a fresh
 *                    script does
 * - python (numpy):  numpy imported before the clock starts, the stricter comparison
 *
 * Also runnable alone: node dist/bench/pickle-load.js FILE.pkl [runs]
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Rng } from '../engine/random.js';
import { NdArray } from '../io/pickle/ndarray.js';
import { writePickle } from '../io/pickle/file.js';
import type { PyValue } from '../io/pickle/values.js';

export const PYTHON = '/usr/bin/python3';

const moduleUrl = (path: string) => new URL(path, import.meta.url).href;

const NODE_PARSE = `
import { readFileSync } from 'node:fs';
import { parsePickle } from '${moduleUrl('../io/pickle/reader.js')}';
import { toFloat32 } from '${moduleUrl('../io/pickle/ndarray-convert.js')}';
const start = performance.now();
const value = parsePickle(readFileSync(process.argv[1]), { source: process.argv[1] });
const data = toFloat32(value.get('data'));
const ms = performance.now() - start;
if (data.length === 0) throw new Error('empty');
console.log(ms);
`;

const NODE_LOAD = `
import { loadDataset } from '${moduleUrl('../io/dataset-file.js')}';
const start = performance.now();
const dataset = loadDataset(process.argv[1]);
const ms = performance.now() - start;
if (dataset.data.length === 0) throw new Error('empty');
console.log(ms);
`;

const python = (preimport: boolean) => `
import pickle, sys, time
${preimport ? 'import numpy' : ''}
start = time.perf_counter()
with open(sys.argv[1], 'rb') as f:
    value = pickle.load(f)
print((time.perf_counter() - start) * 1000)
`;

export const PICKLE_CONTENDERS = {
  'node parse': [process.execPath, ['--input-type=module', '-e', NODE_PARSE]],
  'node loadDataset': [process.execPath, ['--input-type=module', '-e', NODE_LOAD]],
  'python pickle.load (cold)': [PYTHON, ['-c', python(false)]],
  'python pickle.load (numpy imported)': [PYTHON, ['-c', python(true)]],
} as const satisfies Record<string, readonly [string, readonly string[]]>;

export type PickleContender = keyof typeof PICKLE_CONTENDERS;

/** Median milliseconds per contender; a contender that cannot run (no python, no numpy) is left out. */
export function timePickleLoad(file: string, runs: number): Partial<Record<PickleContender, number>> {
  const times = new Map<PickleContender, number[]>();
  const failed = new Set<PickleContender>();
  for (let run = 0; run < runs; run++) {
    for (const [name, [command, args]] of Object.entries(PICKLE_CONTENDERS) as [PickleContender, readonly [string, readonly string[]]][]) {
      if (failed.has(name)) continue;
      const result = spawnSync(command, [...args, file], { encoding: 'utf8' });
      if (result.status !== 0) {
        failed.add(name);
        continue;
      }
      times.set(name, [...(times.get(name) ?? []), Number(result.stdout.trim())]);
    }
  }
  const medians: Partial<Record<PickleContender, number>> = {};
  for (const [name, values] of times) {
    if (!failed.has(name)) medians[name] = [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  }
  return medians;
}

/** A float64 dataset pickle of `cases` x T x N x N (32 MB at 1000 x 10 x 20 x 20), values uniform in [0, 1). */
export function writeFloat64Pickle(path: string, shape: [number, number, number, number]): void {
  const rng = new Rng(1);
  const data = new Float64Array(shape[0] * shape[1] * shape[2] * shape[3]);
  for (let k = 0; k < data.length; k++) data[k] = rng.next();
  const labels: PyValue[] = Array.from({ length: shape[0] }, () => 0);
  writePickle(path, new Map<PyValue, PyValue>([['data', NdArray.fromTyped(data, [...shape])], ['label', labels]]));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = process.argv[2];
  if (file === undefined) throw new Error('usage: pickle-load.js FILE.pkl [runs]');
  const medians = timePickleLoad(file, Number(process.argv[3] ?? 7));
  for (const [name, ms] of Object.entries(medians)) console.log(`${name.padEnd(36)} ${ms.toFixed(1).padStart(8)} ms`);
}
