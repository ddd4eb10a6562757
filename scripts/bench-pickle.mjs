#!/usr/bin/env node
/**
 * Load time of a dataset pickle: this package vs CPython's pickle.load, each in a fresh process per
 * run (as a CLI invocation would be), runs interleaved so machine noise hits both alike.
 *
 *   npm run build && node scripts/bench-pickle.mjs [file.pkl] [runs]
 *
 * Node, "parse": readFileSync + parsePickle + toFloat32(data)  (the part that matches pickle.load)
 * Node, "load":  loadDataset (adds label/diff validation and the NaN/Inf scan)
 * Python:        open + read + pickle.load, timed with perf_counter inside Python. "cold" is the
 *                plain `pickle.load` (it imports numpy on the way, as a fresh script does);
 *                "warm numpy" imports numpy before the clock starts, the stricter comparison.
 */
import { spawnSync } from 'node:child_process';

const file = process.argv[2] ?? '/work/shared/data/train.pkl';
const runs = Number(process.argv[3] ?? 7);
const dist = (path) => new URL(`../dist/${path}`, import.meta.url).href;

const NODE_PARSE = `
import { readFileSync } from 'node:fs';
import { parsePickle } from '${dist('io/pickle/reader.js')}';
import { toFloat32 } from '${dist('io/pickle/ndarray-convert.js')}';
const start = performance.now();
const value = parsePickle(readFileSync(process.argv[1]), { source: process.argv[1] });
const data = toFloat32(value.get('data'));
const ms = performance.now() - start;
if (data.length === 0) throw new Error('empty');
console.log(ms);
`;

const NODE_LOAD = `
import { loadDataset } from '${dist('io/dataset-file.js')}';
const start = performance.now();
const dataset = loadDataset(process.argv[1]);
const ms = performance.now() - start;
if (dataset.data.length === 0) throw new Error('empty');
console.log(ms);
`;

const python = (preimport) => `
import pickle, sys, time
${preimport ? 'import numpy' : ''}
start = time.perf_counter()
with open(sys.argv[1], 'rb') as f:
    value = pickle.load(f)
print((time.perf_counter() - start) * 1000)
`;

const contenders = {
  'node parse+toFloat32': [process.execPath, ['--input-type=module', '-e', NODE_PARSE, file]],
  'node loadDataset': [process.execPath, ['--input-type=module', '-e', NODE_LOAD, file]],
  'python pickle.load (cold)': ['/usr/bin/python3', ['-c', python(false), file]],
  'python pickle.load (warm numpy)': ['/usr/bin/python3', ['-c', python(true), file]],
};

const times = Object.fromEntries(Object.keys(contenders).map((name) => [name, []]));
for (let run = 0; run < runs; run++) {
  for (const [name, [command, args]] of Object.entries(contenders)) {
    const result = spawnSync(command, args, { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${name} failed: ${result.stderr}`);
    times[name].push(Number(result.stdout.trim()));
  }
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const medians = Object.fromEntries(Object.entries(times).map(([name, values]) => [name, median(values)]));
console.log(`${file}, ${runs} runs each, median (min..max) ms:`);
for (const [name, values] of Object.entries(times)) {
  console.log(`  ${name.padEnd(32)} ${medians[name].toFixed(1).padStart(7)}  (${Math.min(...values).toFixed(1)}..${Math.max(...values).toFixed(1)})`);
}
for (const node of ['node parse+toFloat32', 'node loadDataset']) {
  for (const py of ['python pickle.load (cold)', 'python pickle.load (warm numpy)']) {
    console.log(`  ratio ${node} / ${py}: ${(medians[node] / medians[py]).toFixed(2)}`);
  }
}
