import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { decodeNpy, encodeNpy, readNpy, writeNpy } from './npy.js';
import { toFloat64 } from './pickle/ndarray-convert.js';
import { fixturePath, pythonSkipReason, readFixtureJson, runPythonJson } from './pickle/testing.js';

const expected = readFixtureJson<Record<string, { dtype: string; shape: number[]; values: number[] }>>('arrays.json');

test('reads numpy-written .npy files: Fortran order, big-endian, format 2.0', () => {
  for (const [file, name] of [
    ['f4-fortran.npy', 'f4<F'],
    ['f8-bigendian.npy', 'f8>C'],
    ['i8-v2.npy', 'i8<C'],
  ]) {
    const array = readNpy(fixturePath(file));
    assert.equal(array.dtype.name, expected[name].dtype, file);
    assert.deepEqual(array.shape, expected[name].shape, file);
    assert.deepEqual(Array.from(toFloat64(array)), expected[name].values, file);
  }
});

test('encodeNpy: format 1.0, data 64-byte aligned, decodes back', () => {
  for (const data of [new Float32Array([1, 2, 3, 4, 5, 6]), new Float64Array([0.1, -2])]) {
    const shape = data.length === 6 ? [2, 3] : [2];
    const [header, body] = encodeNpy(data, shape);
    assert.equal(header.length % 64, 0);
    assert.equal(body.buffer, data.buffer); // not copied
    const array = decodeNpy(Buffer.concat([header, body]));
    assert.deepEqual([array.shape, Array.from(toFloat64(array))], [shape, Array.from(data)]);
  }
});

test('malformed .npy files are one-line UserErrors naming the file', () => {
  const good = Buffer.concat(encodeNpy(new Float32Array(6), [2, 3]));
  const cases: [Uint8Array, RegExp][] = [
    [Buffer.from('not numpy at all'), /bad magic/],
    [good.subarray(0, good.length - 1), /needs 24 bytes but 23 are present/],
    [good.subarray(0, 30), /truncated \.npy header/],
    [Buffer.from(good).fill(0x20, 10, 70), /unsupported \.npy header/],
    [Buffer.from(Buffer.from(good).toString('latin1').replace("'<f4'", "'<c8'"), 'latin1'), /unsupported numpy dtype '<c8'/],
    [Buffer.from(Buffer.from(good).toString('latin1').replace('(2, 3)', '(9999999, 9999999, 9999999)'), 'latin1'), /absurdly large|needs/],
  ];
  for (const [bytes, pattern] of cases) {
    assert.throws(
      () => decodeNpy(bytes, 'x.npy'),
      (error: unknown) => error instanceof UserError && /^x\.npy: /.test(error.message) && pattern.test(error.message),
      String(pattern),
    );
  }
});

test('np.load reads what writeNpy wrote', (t) => {
  const skip = pythonSkipReason();
  if (skip) return t.skip(skip);
  const dir = mkdtempSync(join(tmpdir(), 'npy-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'a.npy');
  writeNpy(path, new Float32Array([1.5, -2, 3, 4, 5, 6]), [3, 2]);
  const got = runPythonJson(
    "import json,sys,numpy as np; a=np.load(sys.argv[1]); print(json.dumps([a.dtype.str, list(a.shape), a.ravel().tolist()]))",
    path,
  );
  assert.deepEqual(got, ['<f4', [3, 2], [1.5, -2, 3, 4, 5, 6]]);
});
