/**
 * DeepSphere datasets as Python pickles: `{'data': ndarray (M, T, N, N), 'label': [...], 'diff': [...]}`
 * (the original code's format), plus our optional metadata keys 'nodes', 'times', 'step_seconds'
 * that the original ignores. Every problem is reported as a UserError naming the file and field.
 */
import { UserError } from '../errors.js';
import type { Dataset, DatasetShape, SparseCells } from './dataset.js';
import { readPickleFile, writePickle } from './pickle/file.js';
import { NdArray, defaultMaxBytes, formatShape } from './pickle/ndarray.js';
import { alignFloat32InPlace, toFloat32 } from './pickle/ndarray-convert.js';
import { numbersOf, sequenceItems, stringsOf } from './pickle/coerce.js';
import { PickleDataError, PyFloat, PyTuple, type PyDict, type PyValue, pyTypeName } from './pickle/values.js';

export interface LoadDatasetOptions {
  /** The file's labels use 1 (or True) for normal cases; by default 1 means anomalous, as in the original. */
  labelsOneMeansNormal?: boolean;
  /** Largest file / array accepted, in bytes; default 75% of physical memory. */
  maxBytes?: number;
}

/**
 * Reads a dataset pickle; `data` comes back as float32 in C order whatever its dtype and order in the
 * file. float32 data is a view of the file's bytes (aligned in place if need be), not a copy.
 */
export function loadDataset(path: string, options: LoadDatasetOptions = {}): Dataset {
  const maxBytes = options.maxBytes ?? defaultMaxBytes();
  const value = readPickleFile(path, { maxBytes });
  const data = value instanceof Map ? value.get('data') : value;
  if (data instanceof NdArray) alignFloat32InPlace(data); // the file buffer is ours alone
  return datasetFromPickle(value, path, { ...options, maxBytes });
}

/** Runs `read`, turning a PickleDataError into a UserError naming `source` and `field`. */
function field<T>(source: string, name: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof PickleDataError) throw new UserError(`${source}: field '${name}': ${error.message}`);
    throw error;
  }
}

function fail(message: string): never {
  throw new PickleDataError(message);
}

/** Validates an already parsed pickle value as a dataset (a bare 4-D array counts as 'data' alone). */
export function datasetFromPickle(value: PyValue, source: string, options: LoadDatasetOptions = {}): Dataset {
  const maxBytes = options.maxBytes ?? defaultMaxBytes();
  if (!(value instanceof Map) && !(value instanceof NdArray)) {
    throw new UserError(`${source}: expected a dict with 'data', 'label' and 'diff', got ${pyTypeName(value)}`);
  }
  const top: PyDict = value instanceof NdArray ? new Map([['data', value]]) : value;
  const dataValue = top.get('data');
  if (dataValue === undefined) throw new UserError(`${source}: missing field 'data'`);
  const { data, shape, dtype } = field(source, 'data', () => readData(dataValue, maxBytes));
  const dataset: Dataset = { data, shape, sourceDtype: dtype };
  const [cases, , nodes] = shape;
  const present = (key: string): PyValue | undefined => {
    const item = top.get(key);
    return item === null ? undefined : item;
  };

  const label = present('label');
  if (label !== undefined) {
    dataset.labels = field(source, 'label', () => readLabels(label, cases, options.labelsOneMeansNormal ?? false, maxBytes));
  }
  const diff = present('diff');
  if (diff !== undefined) dataset.diff = field(source, 'diff', () => readDiff(diff, shape, maxBytes));
  const nodeNames = present('nodes');
  if (nodeNames !== undefined) dataset.nodeNames = field(source, 'nodes', () => readNodeNames(nodeNames, nodes));
  const times = present('times');
  if (times !== undefined) dataset.caseTimes = field(source, 'times', () => readTimes(times, cases));
  const step = present('step_seconds');
  if (step !== undefined) {
    dataset.stepSeconds = field(source, 'step_seconds', () =>
      typeof step === 'number' && Number.isFinite(step) && step > 0 ? step : fail(`expected a positive number, got ${pyTypeName(step)} ${String(step)}`),
    );
  }
  return dataset;
}

function readData(value: PyValue, maxBytes: number): { data: Float32Array; shape: DatasetShape; dtype: string } {
  if (!(value instanceof NdArray)) fail(`expected a numpy array, got ${pyTypeName(value)}`);
  const { shape } = value;
  if (shape.length !== 4) fail(`expected 4 dimensions (cases, steps, nodes, nodes), got shape ${formatShape(shape)}`);
  if (shape[2] !== shape[3]) fail(`last two dimensions must both be the node count, got ${shape[2]} and ${shape[3]}`);
  if (shape.some((dim) => dim === 0)) fail(`empty shape ${formatShape(shape)}`);
  const data = toFloat32(value, maxBytes);
  // v - v is NaN exactly for NaN and ±Infinity: one subtraction per element, no branches on the common path.
  for (let k = 0; k < data.length; k++) {
    const v = data[k];
    if (v - v !== 0) {
      const n = shape[3];
      const at = [Math.floor(k / (shape[1] * n * n)), Math.floor(k / (n * n)) % shape[1], Math.floor(k / n) % n, k % n];
      fail(`${Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity'} at [${at.join(', ')}] (case, step, i, j)`);
    }
  }
  return { data, shape: [shape[0], shape[1], shape[2], shape[3]], dtype: value.dtype.name };
}

function readLabels(value: PyValue, cases: number, oneMeansNormal: boolean, maxBytes: number): Uint8Array {
  const { values, scalar } = numbersOf(value, maxBytes);
  if (scalar) fail(`expected a list or array of labels, got a single ${pyTypeName(value)}`);
  if (values.length !== cases) fail(`${values.length} labels for ${cases} cases in 'data'`);
  const labels = new Uint8Array(cases);
  for (let k = 0; k < cases; k++) {
    const v = values[k];
    if (v !== 0 && v !== 1) fail(`label ${v} at index ${k} is not 0, 1 or a bool`);
    labels[k] = oneMeansNormal ? 1 - v : v;
  }
  return labels;
}

interface CaseCells {
  caseIndex: number;
  t: Float64Array;
  i: Float64Array;
  j: Float64Array;
  value: Float64Array;
}

/** `diff`: one entry per case (list), or a dict {case index: entry}; entries are {} / None or {'coord': (t, i, j), 'value': v}. */
function readDiff(value: PyValue, shape: DatasetShape, maxBytes: number): SparseCells {
  const cases = shape[0];
  let entries: [number, PyValue][];
  const items = sequenceItems(value);
  if (items) {
    if (items.length !== cases) fail(`${items.length} entries for ${cases} cases in 'data'`);
    entries = items.map((item, index) => [index, item]);
  } else if (value instanceof Map) {
    entries = [...value].map(([key, item]) => {
      if (typeof key !== 'number' || !Number.isInteger(key) || key < 0 || key >= cases) {
        fail(`key ${String(key)} is not a case index in [0, ${cases})`);
      }
      return [key, item];
    });
    entries.sort((a, b) => a[0] - b[0]);
  } else {
    return fail(`expected a list (one entry per case) or a dict keyed by case index, got ${pyTypeName(value)}`);
  }
  const perCase: CaseCells[] = [];
  for (const [caseIndex, entry] of entries) {
    const cells = readDiffEntry(entry, shape, maxBytes, caseIndex);
    if (cells) perCase.push(cells);
  }
  return concatCells(perCase);
}

function readDiffEntry(entry: PyValue, shape: DatasetShape, maxBytes: number, caseIndex: number): CaseCells | undefined {
  const where = `case ${caseIndex}`;
  if (entry === null || (entry instanceof Map && entry.size === 0)) return undefined;
  if (!(entry instanceof Map)) fail(`${where}: expected {} or {'coord': (t, i, j), 'value': v}, got ${pyTypeName(entry)}`);
  const coord = entry.get('coord');
  const cellValue = entry.get('value');
  if (coord === undefined || cellValue === undefined) fail(`${where}: expected keys 'coord' and 'value'`);
  const parts = sequenceItems(coord);
  if (!parts || parts.length !== 3) fail(`${where}: 'coord' must be a tuple (t_idx, i_idx, j_idx)`);
  const read = (part: PyValue, what: string) => {
    try {
      return numbersOf(part, maxBytes);
    } catch (error) {
      if (error instanceof PickleDataError) fail(`${where}: ${what}: ${error.message}`);
      throw error;
    }
  };
  const columns = [read(parts[0], 't_idx'), read(parts[1], 'i_idx'), read(parts[2], 'j_idx'), read(cellValue, 'value')];
  // numpy broadcasting: single values (scalars or length 1) stretch to the common length.
  const lengths = new Set(columns.map((c) => c.values.length).filter((length) => length !== 1));
  if (lengths.size > 1) fail(`${where}: coordinate and value arrays differ in length (${columns.map((c) => c.values.length).join(', ')})`);
  const length = lengths.size === 1 ? [...lengths][0] : 1;
  const [t, i, j, v] = columns.map(({ values }) => (values.length === length ? values : new Float64Array(length).fill(values[0])));
  const limits = [shape[1], shape[2], shape[3]];
  [t, i, j].forEach((indices, axis) => {
    for (let k = 0; k < length; k++) {
      const index = indices[k];
      if (!Number.isInteger(index) || index < 0 || index >= limits[axis]) {
        fail(`${where}: ${['t_idx', 'i_idx', 'j_idx'][axis]} ${index} at position ${k} is outside [0, ${limits[axis]})`);
      }
    }
  });
  for (let k = 0; k < length; k++) {
    if (!Number.isFinite(v[k])) fail(`${where}: value ${v[k]} at position ${k} is not finite`);
  }
  return { caseIndex, t, i, j, value: v };
}

function concatCells(perCase: CaseCells[]): SparseCells {
  const total = perCase.reduce((sum, cells) => sum + cells.value.length, 0);
  const out: SparseCells = {
    caseIndex: new Int32Array(total),
    t: new Int32Array(total),
    i: new Int32Array(total),
    j: new Int32Array(total),
    value: new Float64Array(total),
  };
  let at = 0;
  for (const cells of perCase) {
    out.caseIndex.fill(cells.caseIndex, at, at + cells.value.length);
    out.t.set(cells.t, at);
    out.i.set(cells.i, at);
    out.j.set(cells.j, at);
    out.value.set(cells.value, at);
    at += cells.value.length;
  }
  return out;
}

function readNodeNames(value: PyValue, nodes: number): string[] {
  const names = stringsOf(value);
  if (names.length !== nodes) fail(`${names.length} names for ${nodes} nodes in 'data'`);
  return names;
}

function readTimes(value: PyValue, cases: number): string[] {
  const times = stringsOf(value);
  if (times.length !== cases) fail(`${times.length} times for ${cases} cases`);
  times.forEach((time, index) => {
    if (Number.isNaN(Date.parse(time))) fail(`'${time}' at index ${index} is not an ISO 8601 time`);
  });
  return times;
}

/** The original's diff layout: per case {} or {'coord': (int64 t, i, j arrays), 'value': float64 array}. */
function diffRecords(diff: SparseCells, cases: number): PyValue[] {
  const members: number[][] = Array.from({ length: cases }, () => []);
  diff.caseIndex.forEach((caseIndex, k) => members[caseIndex].push(k));
  return members.map((ks) => {
    if (ks.length === 0) return new Map();
    const column = (source: Int32Array) => NdArray.fromTyped(BigInt64Array.from(ks, (k) => BigInt(source[k])), [ks.length]);
    const values = NdArray.fromTyped(Float64Array.from(ks, (k) => diff.value[k]), [ks.length]);
    return new Map<PyValue, PyValue>([
      ['coord', new PyTuple([column(diff.t), column(diff.i), column(diff.j)])],
      ['value', values],
    ]);
  });
}

/**
 * Writes `dataset` as a protocol-4 pickle the original code (and numpy 1.x / 2.x) loads: 'data' as a
 * float32 array, 'label' as a list of int (1 = anomalous), 'diff' as the original's per-case records,
 * and 'nodes' / 'times' / 'step_seconds' when present. Atomic.
 */
export function saveDatasetPickle(path: string, dataset: Dataset): void {
  const [cases] = dataset.shape;
  const top = new Map<PyValue, PyValue>([['data', NdArray.fromTyped(dataset.data, [...dataset.shape])]]);
  if (dataset.labels) {
    if (dataset.labels.length !== cases) throw new Error(`${dataset.labels.length} labels for ${cases} cases`);
    top.set('label', Array.from(dataset.labels));
  }
  if (dataset.diff) top.set('diff', diffRecords(dataset.diff, cases));
  if (dataset.nodeNames) top.set('nodes', [...dataset.nodeNames]);
  if (dataset.caseTimes) top.set('times', [...dataset.caseTimes]);
  if (dataset.stepSeconds !== undefined) top.set('step_seconds', new PyFloat(dataset.stepSeconds));
  writePickle(path, top);
}
