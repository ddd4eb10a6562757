import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodePickle } from './writer.js';
import { parsePickle } from './reader.js';
import { readPickleFile, writeNumpyPickle, writePickle } from './file.js';
import { DType, NdArray } from './ndarray.js';
import { toFloat64 } from './ndarray-convert.js';
import { PyFloat, PyGlobal, PyTuple, type PyValue } from './values.js';
import { pythonSkipReason, runPythonJson } from './testing.js';

const roundTrip = (value: PyValue): PyValue => parsePickle(Buffer.concat(encodePickle(value)));

function sampleValue(): Map<PyValue, PyValue> {
  return new Map<PyValue, PyValue>([
    ['ints', [0, 255, 256, 65535, 65536, -1, 2 ** 31 - 1, -(2 ** 31), 2 ** 31, Number.MAX_SAFE_INTEGER, -(2 ** 40)]],
    // Beyond 2^53, around the sign-byte boundaries of LONG1's two's complement.
    ['bigints', [2n ** 64n, -(2n ** 70n), 2n ** 2100n, 2n ** 63n - 1n, 2n ** 63n, -(2n ** 63n), -(2n ** 63n) - 1n, -(2n ** 55n)]],
    ['small bigint', 5n],
    ['floats', [0.5, -1e300, Infinity, -Infinity, new PyFloat(3), -0]],
    ['strings', ['', 'héllo', '🙂', 'x'.repeat(300)]],
    ['bytes', [new Uint8Array(0), Uint8Array.of(0, 255), new Uint8Array(70_000).fill(7)]],
    ['tuples', [new PyTuple([]), new PyTuple([1]), new PyTuple([1, 2]), new PyTuple([1, 2, 3]), new PyTuple([1, 2, 3, 4])]],
    ['long', Array.from({ length: 2500 }, (_, k) => k)],
    ['dict', new Map<PyValue, PyValue>(Array.from({ length: 1500 }, (_, k) => [k, `v${k}`] as [PyValue, PyValue]))],
    ['misc', [null, true, false, [[]], new Map()]],
  ]);
}

test('values survive encodePickle -> parsePickle', () => {
  const value = roundTrip(sampleValue()) as Map<PyValue, PyValue>;
  const expected = sampleValue();
  for (const key of ['ints', 'bigints', 'strings', 'tuples', 'long', 'dict', 'misc']) {
    assert.deepEqual(value.get(key), expected.get(key), key);
  }
  assert.equal(value.get('small bigint'), 5); // ints within 2^53 come back as numbers
  assert.deepEqual(roundTrip(new PyGlobal('numpy', 'ndarray')), new PyGlobal('numpy', 'ndarray'));
  assert.deepEqual(roundTrip(new DType('int32', false)), new DType('int32', false));
  // Floats come back as plain numbers (PyFloat is a writer-only marker); -0 stays a float.
  assert.deepEqual(value.get('floats'), [0.5, -1e300, Infinity, -Infinity, 3, -0]);
  assert.deepEqual(value.get('bytes'), expected.get('bytes'));
});

test('arrays of every dtype and both byte orders and memory orders round-trip', () => {
  for (const name of ['float32', 'float64', 'int8', 'int32', 'int64', 'uint8', 'bool'] as const) {
    for (const little of [true, false]) {
      for (const fortran of [false, true]) {
        const dtype = new DType(name, little);
        const bytes = Uint8Array.from({ length: 6 * dtype.itemsize }, (_, k) => (name === 'bool' ? k % 2 : k * 3));
        const array = roundTrip(new NdArray(dtype, [2, 3], fortran, bytes)) as NdArray;
        assert.equal(array.dtype.typestr, dtype.typestr);
        assert.deepEqual([array.shape, array.fortran, Array.from(array.bytes)], [[2, 3], fortran, Array.from(bytes)]);
      }
    }
  }
});

test('large payloads are chunks that view the caller memory instead of copies', () => {
  const data = new Float32Array(100_000).fill(1.5);
  const chunks = encodePickle(NdArray.fromTyped(data, [100, 1000]));
  assert.ok(chunks.some((chunk) => chunk.buffer === data.buffer));
});

test('a value that contains itself is refused', () => {
  const loop: PyValue[] = [];
  loop.push(loop);
  assert.throws(() => encodePickle(loop), /contains itself/);
});

test('writePickle / writeNumpyPickle / readPickleFile on disk', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pickle-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeNumpyPickle(join(dir, 'r.pkl'), new Float32Array([1, 2, 3, 4, 5, 6]), [1, 2, 3]);
  const array = readPickleFile(join(dir, 'r.pkl')) as NdArray;
  assert.deepEqual([array.shape, Array.from(toFloat64(array))], [[1, 2, 3], [1, 2, 3, 4, 5, 6]]);
  writePickle(join(dir, 'v.pkl'), new Map([['a', 1]]));
  assert.throws(() => readPickleFile(join(dir, 'v.pkl'), { maxBytes: 4 }), /file is \d+ bytes, over the memory limit of 4 bytes/);
});

const PYTHON_DESCRIBE = `
import json, math, pickle, sys, numpy as np
def tag(v):
    if isinstance(v, np.ndarray):
        return {'$array': v.dtype.str, 'shape': list(v.shape), 'fortran': bool(v.flags.f_contiguous and not v.flags.c_contiguous),
                'values': [float(x) for x in v.astype(np.float64).ravel()]}
    if v is None or isinstance(v, (bool, str)): return v
    if isinstance(v, int): return {'$int': str(v)}
    if isinstance(v, float): return v if math.isfinite(v) else {'$float': repr(v)}
    if isinstance(v, bytes): return {'$bytes': len(v)}
    if isinstance(v, tuple): return {'$tuple': [tag(x) for x in v]}
    if isinstance(v, list): return [tag(x) for x in v]
    if isinstance(v, dict): return {'$dict': [[tag(k), tag(x)] for k, x in v.items()]}
    raise TypeError(type(v))
with open(sys.argv[1], 'rb') as f:
    print(json.dumps(tag(pickle.load(f))))
`;

test('CPython + numpy load what the writer wrote', (t) => {
  const skip = pythonSkipReason();
  if (skip) return t.skip(skip);
  const dir = mkdtempSync(join(tmpdir(), 'pickle-py-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'w.pkl');
  const fortran = new NdArray(new DType('float64', false), [2, 2], true, new Uint8Array(new Float64Array([1, 3, 2, 4]).buffer).reverse());
  writePickle(
    path,
    new Map<PyValue, PyValue>([
      ['i', [1, -70000, 2n ** 100n]],
      ['f', [new PyFloat(2), 0.25, -Infinity]],
      ['s', 'héllo'],
      ['b', new Uint8Array(300)],
      ['t', new PyTuple([1, new PyTuple([])])],
      ['f32', NdArray.fromTyped(new Float32Array([1.5, -2, 3, 4, 5, 6]), [3, 2])],
      ['i64', NdArray.fromTyped(new BigInt64Array([-(2n ** 40n), 5n]), [2])],
      ['bool', NdArray.fromTyped(Uint8Array.of(1, 0, 1), [3], true)],
      ['be', fortran],
    ]),
  );
  const described = runPythonJson<{ $dict: [unknown, unknown][] }>(PYTHON_DESCRIBE, path);
  const got = Object.fromEntries(described.$dict.map(([k, v]) => [k as string, v]));
  assert.deepEqual(got.i, [{ $int: '1' }, { $int: '-70000' }, { $int: (2n ** 100n).toString() }]);
  assert.deepEqual(got.f, [2, 0.25, { $float: '-inf' }]);
  assert.deepEqual([got.s, got.b, got.t], ['héllo', { $bytes: 300 }, { $tuple: [{ $int: '1' }, { $tuple: [] }] }]);
  assert.deepEqual(got.f32, { $array: '<f4', shape: [3, 2], fortran: false, values: [1.5, -2, 3, 4, 5, 6] });
  assert.deepEqual(got.i64, { $array: '<i8', shape: [2], fortran: false, values: [-(2 ** 40), 5] });
  assert.deepEqual(got.bool, { $array: '|b1', shape: [3], fortran: false, values: [1, 0, 1] });
  // Big-endian bytes of [1, 3, 2, 4] reversed = [4, 2, 3, 1] big-endian, read in Fortran order.
  // (numpy swaps such arrays to host order while unpickling, so only the values are compared.)
  assert.deepEqual({ ...(got.be as object), $array: undefined }, { $array: undefined, shape: [2, 2], fortran: true, values: [4, 3, 2, 1] });
});
