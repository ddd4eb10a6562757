import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import type { Dataset, SparseCells } from './dataset.js';
import { datasetFromPickle, loadDataset, saveDatasetPickle } from './dataset-file.js';
import { writePickle } from './pickle/file.js';
import { parsePickle } from './pickle/reader.js';
import { NdArray } from './pickle/ndarray.js';
import { PyTuple, type PyValue } from './pickle/values.js';
import { fixturePath, pythonSkipReason, readFixtureJson, runPythonJson } from './pickle/testing.js';

type Cell = [caseIndex: number, t: number, i: number, j: number, value: number];

function cellsOf(diff: SparseCells | undefined): Cell[] | null {
  if (!diff) return null;
  return Array.from(diff.value, (value, k) => [diff.caseIndex[k], diff.t[k], diff.i[k], diff.j[k], value] as Cell);
}

function tempDir(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'dataset-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

interface ExpectedDataset {
  options: { labelsOneMeansNormal?: boolean };
  shape: number[];
  dtype: string;
  data: number[];
  labels: number[] | null;
  diff: Cell[] | null;
  nodeNames?: string[];
  caseTimes?: string[];
  stepSeconds?: number;
}

test('label styles, diff as list / dict / None / broadcast scalar, metadata, big-endian Fortran data', () => {
  const all = readFixtureJson<Record<string, ExpectedDataset>>('datasets.json');
  for (const [file, want] of Object.entries(all)) {
    const dataset = loadDataset(fixturePath(file), want.options);
    assert.deepEqual(dataset.shape, want.shape, file);
    assert.equal(dataset.sourceDtype, want.dtype, file);
    assert.deepEqual(Array.from(dataset.data), want.data.map(Math.fround), file);
    assert.deepEqual(dataset.labels ? Array.from(dataset.labels) : null, want.labels, file);
    assert.deepEqual(cellsOf(dataset.diff), want.diff, file);
    assert.deepEqual(dataset.nodeNames, want.nodeNames, file);
    assert.deepEqual(dataset.caseTimes, want.caseTimes, file);
    assert.equal(dataset.stepSeconds, want.stepSeconds, file);
  }
});

test('the example data set, first 8 cases, as protocol 3 float32 and protocol 4 float64', () => {
  const want = readFixtureJson<{ shape: number[]; labels: number[]; diff: Cell[]; sum: number; sumSquares: number; samples: [number, number][] }>('cases8.json');
  for (const [file, dtype] of [['cases8-p3-f32.pkl', 'float32'], ['cases8-p4-f64.pkl', 'float64']]) {
    const dataset = loadDataset(fixturePath(file));
    assert.deepEqual([dataset.shape, dataset.sourceDtype], [want.shape, dtype]);
    assert.deepEqual(Array.from(dataset.labels ?? []), want.labels);
    assert.deepEqual(cellsOf(dataset.diff), want.diff);
    let sum = 0;
    let sumSquares = 0;
    for (const v of dataset.data) {
      sum += v;
      sumSquares += v * v;
    }
    assert.ok(Math.abs(sum - want.sum) < 1e-9 * Math.abs(want.sum), `${file} sum`);
    assert.ok(Math.abs(sumSquares - want.sumSquares) < 1e-9 * want.sumSquares, `${file} sum of squares`);
    for (const [index, value] of want.samples) assert.equal(dataset.data[index], value, `${file}[${index}]`);
  }
});

function smallDataset(): Dataset {
  const shape: Dataset['shape'] = [3, 2, 2, 2];
  return {
    data: Float32Array.from({ length: 24 }, (_, k) => k / 8),
    shape,
    labels: Uint8Array.of(0, 1, 1),
    diff: {
      caseIndex: Int32Array.of(2, 1, 2),
      t: Int32Array.of(1, 0, 0),
      i: Int32Array.of(0, 1, 1),
      j: Int32Array.of(1, 1, 0),
      value: Float64Array.of(0.5, -1, 2),
    },
    nodeNames: ['x', 'y'],
    caseTimes: ['2024-05-01T00:00:00Z', '2024-05-01T06:00:00Z', '2024-05-01T12:00:00Z'],
    stepSeconds: 3600,
  };
}

test('saveDatasetPickle -> loadDataset keeps everything (diff regrouped by case)', (t) => {
  const path = join(tempDir(t), 'd.pkl');
  const original = smallDataset();
  saveDatasetPickle(path, original);
  const loaded = loadDataset(path);
  assert.deepEqual(Array.from(loaded.data), Array.from(original.data));
  assert.deepEqual([loaded.shape, loaded.sourceDtype, Array.from(loaded.labels ?? [])], [original.shape, 'float32', [0, 1, 1]]);
  assert.deepEqual(cellsOf(loaded.diff), [[1, 0, 1, 1, -1], [2, 1, 0, 1, 0.5], [2, 0, 1, 0, 2]]);
  assert.deepEqual([loaded.nodeNames, loaded.caseTimes, loaded.stepSeconds], [original.nodeNames, original.caseTimes, 3600]);
  assert.deepEqual(Array.from(loadDataset(path, { labelsOneMeansNormal: true }).labels ?? []), [1, 0, 0]);
});

test('a bare 4-D array is a dataset without labels', (t) => {
  const path = join(tempDir(t), 'bare.pkl');
  writePickle(path, NdArray.fromTyped(new Float32Array(8), [1, 2, 2, 2]));
  const dataset = loadDataset(path);
  assert.deepEqual([dataset.shape, dataset.labels, dataset.diff], [[1, 2, 2, 2], undefined, undefined]);
});

test('validation errors name the file and the field', (t) => {
  const dir = tempDir(t);
  const array = (values: number[], shape: number[]) => NdArray.fromTyped(Float64Array.from(values), shape);
  const good = () => array(Array.from({ length: 16 }, (_, k) => k), [2, 2, 2, 2]);
  const record = (tIdx: number[], iIdx: number[], jIdx: number[], value: PyValue) =>
    new Map<PyValue, PyValue>([
      ['coord', new PyTuple([tIdx, iIdx, jIdx].map((c) => NdArray.fromTyped(BigInt64Array.from(c, BigInt), [c.length])))],
      ['value', value],
    ]);
  const withNaN = Array.from({ length: 16 }, (_, k) => k);
  withNaN[13] = NaN;
  const cases: [string, PyValue, RegExp][] = [
    ['top-list', [1, 2], /expected a dict with 'data', 'label' and 'diff', got list$/],
    ['no-data', new Map([['label', [0]]]), /missing field 'data'$/],
    ['data-list', new Map([['data', [[1]]]]), /field 'data': expected a numpy array, got list$/],
    ['data-3d', new Map([['data', array([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2])]]), /field 'data': expected 4 dimensions .* got shape \(2, 2, 2\)$/],
    ['data-nonsquare', new Map([['data', array(new Array(12).fill(0), [1, 2, 2, 3])]]), /field 'data': last two dimensions .* got 2 and 3$/],
    ['data-nan', new Map([['data', array(withNaN, [2, 2, 2, 2])]]), /field 'data': NaN at \[1, 1, 0, 1\] \(case, step, i, j\)$/],
    ['data-inf', new Map([['data', array([...new Array(15).fill(0), -Infinity], [2, 2, 2, 2])]]), /field 'data': -Infinity at \[1, 1, 1, 1\]/],
    ['label-count', new Map<PyValue, PyValue>([['data', good()], ['label', [0, 1, 0]]]), /field 'label': 3 labels for 2 cases in 'data'$/],
    ['label-value', new Map<PyValue, PyValue>([['data', good()], ['label', [0, 2]]]), /field 'label': label 2 at index 1 is not 0, 1 or a bool$/],
    ['label-str', new Map<PyValue, PyValue>([['data', good()], ['label', 'ab']]), /field 'label': expected a list or array of numbers, got str$/],
    ['label-strs', new Map<PyValue, PyValue>([['data', good()], ['label', ['a', 'b']]]), /field 'label': expected numbers, got str at index 0$/],
    ['diff-count', new Map<PyValue, PyValue>([['data', good()], ['diff', [new Map()]]]), /field 'diff': 1 entries for 2 cases/],
    ['diff-range', new Map<PyValue, PyValue>([['data', good()], ['diff', [new Map(), record([0], [2], [0], 1)]]]), /field 'diff': case 1: i_idx 2 at position 0 is outside \[0, 2\)$/],
    ['diff-negative', new Map<PyValue, PyValue>([['data', good()], ['diff', [record([-1], [0], [0], 1), null]]]), /case 0: t_idx -1 at position 0 is outside/],
    ['diff-lengths', new Map<PyValue, PyValue>([['data', good()], ['diff', [record([0, 1], [0, 1, 1], [0, 0], 1), null]]]), /case 0: coordinate and value arrays differ in length \(2, 3, 2, 1\)$/],
    ['diff-key', new Map<PyValue, PyValue>([['data', good()], ['diff', new Map([[5, new Map()]])]]), /field 'diff': key 5 is not a case index in \[0, 2\)$/],
    ['diff-entry', new Map<PyValue, PyValue>([['data', good()], ['diff', [3, null]]]), /field 'diff': case 0: expected \{\} or/],
    ['nodes', new Map<PyValue, PyValue>([['data', good()], ['nodes', ['a']]]), /field 'nodes': 1 names for 2 nodes/],
    ['times', new Map<PyValue, PyValue>([['data', good()], ['times', ['2024-01-01', 'soon']]]), /field 'times': 'soon' at index 1 is not an ISO 8601 time$/],
    ['step', new Map<PyValue, PyValue>([['data', good()], ['step_seconds', -1]]), /field 'step_seconds': expected a positive number/],
  ];
  for (const [name, value, pattern] of cases) {
    const path = join(dir, `${name}.pkl`);
    writePickle(path, value);
    assert.throws(
      () => loadDataset(path),
      (error: unknown) => {
        assert.ok(error instanceof UserError, `${name}: ${String(error)}`);
        assert.ok(error.message.startsWith(`${path}: `), `${name}: ${error.message}`);
        assert.match(error.message, pattern, name);
        return true;
      },
    );
  }
});

test('corrupted dataset pickles fail as UserErrors, never as crashes', () => {
  const whole = readFileSync(fixturePath('ds-fortran-bigendian-meta.pkl'));
  let seed = 99;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  for (let round = 0; round < 500; round++) {
    const copy = Uint8Array.from(whole);
    for (let flips = 0; flips < 2; flips++) copy[1 + (next() % (copy.length - 1))] = next() % 256;
    try {
      datasetFromPickle(parsePickle(copy, { source: 'fuzz.pkl' }), 'fuzz.pkl');
    } catch (error) {
      assert.ok(error instanceof UserError, `round ${round}: ${String(error)}`);
    }
  }
});

test('a file over maxBytes is refused before it is read', (t) => {
  const path = join(tempDir(t), 'd.pkl');
  saveDatasetPickle(path, smallDataset());
  assert.throws(() => loadDataset(path, { maxBytes: 100 }), /over the memory limit of 100 bytes/);
});

test('the original Python code can read what saveDatasetPickle writes', (t) => {
  const skip = pythonSkipReason();
  if (skip) return t.skip(skip);
  const path = join(tempDir(t), 'd.pkl');
  saveDatasetPickle(path, smallDataset());
  const got = runPythonJson<Record<string, unknown>>(
    `
import json, pickle, sys, numpy as np
d = pickle.load(open(sys.argv[1], 'rb'))
diff = [None if not r else {'coord': [[c.dtype.str, c.tolist()] for c in r['coord']], 'coord_type': type(r['coord']).__name__,
        'value': [r['value'].dtype.str, r['value'].tolist()]} for r in d['diff']]
print(json.dumps({'data': [d['data'].dtype.str, list(d['data'].shape), float(d['data'].sum())],
                  'label': [type(x).__name__ for x in d['label']] + d['label'], 'diff': diff,
                  'nodes': d['nodes'], 'times': d['times'], 'step': [type(d['step_seconds']).__name__, d['step_seconds']]}))
`,
    path,
  );
  assert.deepEqual(got.data, ['<f4', [3, 2, 2, 2], Array.from({ length: 24 }, (_, k) => k / 8).reduce((a, b) => a + b)]);
  assert.deepEqual(got.label, ['int', 'int', 'int', 0, 1, 1]);
  assert.deepEqual(got.diff, [
    null,
    { coord: [['<i8', [0]], ['<i8', [1]], ['<i8', [1]]], coord_type: 'tuple', value: ['<f8', [-1]] },
    { coord: [['<i8', [1, 0]], ['<i8', [0, 1]], ['<i8', [1, 0]]], coord_type: 'tuple', value: ['<f8', [0.5, 2]] },
  ]);
  assert.deepEqual([got.nodes, got.step], [['x', 'y'], ['float', 3600]]);
});

test('loadDataset views float32 data in the file buffer (aligned in place), so a big file is not held twice', (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'aligned.pkl');
  const data = Float32Array.from({ length: 3 * 2 * 64 * 64 }, (_, k) => k / 7); // 96 KiB: past Node's small-buffer pool
  for (const labels of [Uint8Array.of(0, 1, 0), undefined]) {
    saveDatasetPickle(path, { data, shape: [3, 2, 64, 64], ...(labels ? { labels } : {}) });
    const loaded = loadDataset(path);
    assert.deepEqual(loaded.data, data);
    assert.equal(loaded.data.byteOffset % 4, 0);
    assert.ok(loaded.data.buffer.byteLength < data.byteLength + 1024, 'a view of the file bytes, not a copy');
    if (labels) assert.deepEqual(loaded.labels, labels);
  }
});
