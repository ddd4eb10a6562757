import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parsePickle } from './reader.js';
import { DType, NdArray, elementCount, parseTypestr } from './ndarray.js';
import { toFloat32, toFloat64 } from './ndarray-convert.js';
import { PickleDataError, type PyValue } from './values.js';
import { fixturePath, readFixtureJson } from './testing.js';

interface ExpectedArray {
  dtype: string;
  shape: number[];
  values: number[];
}

const expected = readFixtureJson<Record<string, ExpectedArray>>('arrays.json');

for (const protocol of [2, 3, 4, 5]) {
  test(`protocol ${protocol}: every dtype, byte order and memory order decodes to Python's C-order values`, () => {
    const arrays = parsePickle(readFileSync(fixturePath(`arrays-p${protocol}.pkl`))) as Map<PyValue, PyValue>;
    assert.deepEqual([...arrays.keys()].sort(), Object.keys(expected).sort());
    for (const [name, value] of arrays) {
      const want = expected[name as string];
      assert.ok(value instanceof NdArray, `${String(name)}`);
      assert.equal(value.dtype.name, want.dtype, `${String(name)} dtype`);
      assert.deepEqual(value.shape, want.shape, `${String(name)} shape`);
      assert.deepEqual(Array.from(toFloat64(value)), want.values, `${String(name)} as float64`);
      assert.deepEqual(Array.from(toFloat32(value)), want.values.map(Math.fround), `${String(name)} as float32`);
    }
  });
}

test('aligned host-order float32 in C order is returned as a view, not a copy', () => {
  const source = new Float32Array([1, 2, 3, 4, 5, 6]);
  const array = NdArray.fromTyped(source, [2, 3]);
  const out = toFloat32(array);
  assert.equal(out.buffer, source.buffer);
  assert.deepEqual(Array.from(out), [1, 2, 3, 4, 5, 6]);
});

test('misaligned float64 (as in real pickles) decodes exactly', () => {
  const values = [0.1, -2.5, 1e-300, 7];
  const storage = new Uint8Array(8 * values.length + 3);
  const view = new DataView(storage.buffer);
  values.forEach((v, k) => view.setFloat64(3 + 8 * k, v, true));
  const array = new NdArray(new DType('float64', true), [values.length], false, storage.subarray(3));
  assert.deepEqual(Array.from(toFloat64(array)), values);
  assert.deepEqual(Array.from(toFloat32(array)), values.map(Math.fround));
});

test('misaligned arrays spanning several copy blocks decode exactly, in every host-order dtype', () => {
  const count = 2 * 65536 + 5; // two full blocks and a partial one
  for (const [name, Typed] of [['float64', Float64Array], ['float32', Float32Array], ['int32', Int32Array]] as const) {
    const values = new Typed(count);
    for (let k = 0; k < count; k++) values[k] = (k % 2 === 0 ? k : -k) / (name === 'int32' ? 1 : 8);
    const storage = new Uint8Array(values.byteLength + 1);
    storage.set(new Uint8Array(values.buffer), 1);
    const array = new NdArray(new DType(name, true), [count], false, storage.subarray(1));
    assert.deepEqual(toFloat64(array), Float64Array.from(values));
  }
});

test('Fortran order is reordered to C order for 4-D arrays', () => {
  const shape = [2, 3, 4, 5];
  const count = elementCount(shape);
  // Fortran storage: element (a, b, c, d) lives at a + 2b + 6c + 24d; give it the value of its C index.
  const fortran = new Float64Array(count);
  for (let a = 0; a < 2; a++)
    for (let b = 0; b < 3; b++)
      for (let c = 0; c < 4; c++)
        for (let d = 0; d < 5; d++) fortran[a + 2 * b + 6 * c + 24 * d] = ((a * 3 + b) * 4 + c) * 5 + d;
  const array = new NdArray(new DType('float64'), shape, true, new Uint8Array(fortran.buffer));
  assert.deepEqual(Array.from(toFloat32(array)), Array.from({ length: count }, (_, k) => k));
});

test('int64 beyond 32 bits, negative, both byte orders, is exact', () => {
  const values = [-(2 ** 40) - 3, 2 ** 52 + 1, -1, 0];
  for (const little of [true, false]) {
    const bytes = new Uint8Array(32);
    values.forEach((v, k) => new DataView(bytes.buffer).setBigInt64(8 * k, BigInt(v), little));
    assert.deepEqual(Array.from(toFloat64(new NdArray(new DType('int64', little), [4], false, bytes))), values);
  }
});

test('conversion refuses to allocate beyond maxBytes', () => {
  const array = NdArray.fromTyped(new Float64Array(1000), [10, 100]);
  assert.throws(() => toFloat32(array, 3999), (error: unknown) => error instanceof PickleDataError && /over the memory limit/.test(error.message));
  assert.equal(toFloat32(array, 4000).length, 1000);
});

test('type strings: byte order prefixes, aliases, refusals', () => {
  assert.deepEqual([parseTypestr('<f8').name, parseTypestr('<f8').littleEndian], ['float64', true]);
  assert.deepEqual([parseTypestr('>i4').name, parseTypestr('>i4').littleEndian], ['int32', false]);
  assert.equal(parseTypestr('|b1').name, 'bool');
  assert.equal(parseTypestr('?').name, 'bool');
  assert.equal(parseTypestr('u1').typestr, '|u1');
  for (const bad of ['<c16', 'O8', '<U5', 'V8', '<M8[ns]', 'f16', '']) {
    assert.throws(() => parseTypestr(bad), /unsupported numpy dtype/);
  }
});

test('fromTyped picks the dtype from the typed array and checks the shape', () => {
  assert.equal(NdArray.fromTyped(new BigInt64Array(2), [2]).dtype.name, 'int64');
  assert.equal(NdArray.fromTyped(new Uint8Array(2), [2], true).dtype.name, 'bool');
  assert.equal(NdArray.fromTyped(new Uint8Array(2), [2]).dtype.name, 'uint8');
  assert.throws(() => NdArray.fromTyped(new Float32Array(5), [2, 3]), /does not match 5 elements/);
});
