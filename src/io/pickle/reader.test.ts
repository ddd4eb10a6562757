import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { UserError } from '../../errors.js';
import { parsePickle } from './reader.js';
import { encodePickle } from './writer.js';
import { DType, NdArray } from './ndarray.js';
import { toFloat64 } from './ndarray-convert.js';
import { PyTuple, type PyValue, pyTypeName } from './values.js';
import { fixturePath, readFixtureJson } from './testing.js';

const PROTOCOLS = [2, 3, 4, 5];

/** The JSON form scripts/make-pickle-fixtures.py writes for plain values (see its `tag`). */
function tagged(value: PyValue): unknown {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') {
    return Number.isFinite(value) ? value : { $float: Number.isNaN(value) ? 'nan' : value > 0 ? 'inf' : '-inf' };
  }
  if (typeof value === 'bigint') return { $int: value.toString() };
  if (value instanceof Uint8Array) return { $bytes: Buffer.from(value).toString('hex') };
  if (value instanceof PyTuple) return { $tuple: value.items.map(tagged) };
  if (Array.isArray(value)) return value.map(tagged);
  if (value instanceof Map) return { $dict: [...value].map(([k, v]) => [tagged(k), tagged(v)]) };
  throw new Error(`unexpected ${pyTypeName(value)}`);
}

/** Pickle bytes from opcodes (numbers), latin-1 text and raw byte arrays. */
function pickleBytes(...parts: (number | string | Uint8Array)[]): Uint8Array {
  return Buffer.concat(
    parts.map((part) =>
      typeof part === 'number' ? Buffer.of(part) : typeof part === 'string' ? Buffer.from(part, 'latin1') : Buffer.from(part),
    ),
  );
}

function parseFixture(name: string, maxBytes?: number): PyValue {
  return parsePickle(readFileSync(fixturePath(name)), { source: name, maxBytes });
}

function expectUserError(run: () => unknown, pattern: RegExp): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof UserError, `expected a UserError, got ${String(error)}`);
    assert.match(error.message, pattern);
    assert.ok(!error.message.includes('\n'), 'one line');
    return true;
  });
}

for (const protocol of PROTOCOLS) {
  test(`protocol ${protocol}: plain values and numpy scalars match what Python pickled`, () => {
    const value = parseFixture(`values-p${protocol}.pkl`);
    assert.deepEqual(tagged(value), readFixtureJson('values.json'));
  });

  test(`protocol ${protocol}: a shared object stays one object (memo)`, () => {
    const shared = (parseFixture(`values-p${protocol}.pkl`) as Map<PyValue, PyValue>).get('shared') as Map<PyValue, PyValue>;
    assert.equal(shared.get('a'), shared.get('b'));
  });
}

test('numpy 2 module names (numpy._core.*) for _reconstruct, _frombuffer and scalar', () => {
  const expected = readFixtureJson<Record<string, number[] | number>>('numpy2.json');
  for (const protocol of [4, 5]) {
    const value = parseFixture(`numpy2-p${protocol}.pkl`) as Map<PyValue, PyValue>;
    assert.deepEqual(Array.from(toFloat64(value.get('f8C') as NdArray)), expected.f8C);
    assert.deepEqual(Array.from(toFloat64(value.get('f4F') as NdArray)), expected.f4F);
    assert.equal(value.get('scalar'), expected.scalar);
    assert.equal(value.get('int'), expected.int);
  }
});

test('opcodes CPython rarely writes: LONG_BINPUT/LONG_BINGET, SETITEM, APPEND, DUP, POP, POP_MARK, 8-byte lengths, FRAME', () => {
  const u32 = (n: number) => Buffer.from(new Uint32Array([n]).buffer);
  const u64 = (n: number) => Buffer.from(new BigUint64Array([BigInt(n)]).buffer);
  const bytes = pickleBytes(
    0x80, 4,
    0x95, u64(41), // FRAME covering the rest
    '}', // EMPTY_DICT
    0x8d, u64(1), 'k', // BINUNICODE8 'k'
    ']', 'r', u32(70000), // EMPTY_LIST, LONG_BINPUT 70000
    'K', 7, 'a', // APPEND 7
    's', // SETITEM
    'j', u32(70000), // LONG_BINGET 70000
    '2', '0', // DUP, POP
    '(', 'N', '1', // MARK NONE POP_MARK
    0x8e, u64(2), 'ab', 'a', // BINBYTES8 b'ab' appended
    '0', // POP the list again
    '.',
  );
  const value = parsePickle(bytes) as Map<PyValue, PyValue>;
  assert.deepEqual(tagged(value), { $dict: [['k', [7, { $bytes: '6162' }]]] });
});

test("refuses os.system by name, without running anything", () => {
  const evil = pickleBytes(0x80, 2, 'cos\nsystem\n', 'X', Buffer.from([10, 0, 0, 0]), 'echo pwned', 0x85, 'R', '.');
  expectUserError(
    () => parsePickle(evil, { source: 'evil.pkl' }),
    /^evil\.pkl: refused to load global 'os\.system' \(pickles can run code; only numpy arrays and plain Python values are accepted\)$/,
  );
  // What Python's pickle writes for a class whose __reduce__ returns (os.system, ...): posix.system.
  expectUserError(() => parseFixture('evil-reduce.pkl'), /evil-reduce\.pkl: refused to load global 'posix\.system'/);
});

test('refuses every global outside the allowlist, also via STACK_GLOBAL', () => {
  for (const [module, name] of [
    ['builtins', 'eval'],
    ['numpy', 'load'],
    ['numpy.core.multiarray', 'fromstring'],
    ['numpy', 'matrix'],
    ['builtins', 'getattr'],
    ['_codecs', 'decode'],
  ]) {
    const bytes = pickleBytes(0x80, 4, 0x8c, module.length, module, 0x8c, name.length, name, 0x93, '.');
    expectUserError(() => parsePickle(bytes, { source: 'x.pkl' }), new RegExp(`refused to load global '${module}\\.${name}'`));
  }
});

test('truncated files: every prefix fails with a one-line UserError naming file and offset', () => {
  const whole = readFileSync(fixturePath('ds-labels-npscalars-diffdict.pkl'));
  for (let cut = 1; cut < whole.length; cut++) {
    expectUserError(() => parsePickle(whole.subarray(0, cut), { source: 'cut.pkl' }), /^cut\.pkl: .*byte \d+/);
  }
});

test('corrupted bytes never escape as anything but a UserError', () => {
  const whole = readFileSync(fixturePath('arrays-p4.pkl'));
  let seed = 12345;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  for (let round = 0; round < 400; round++) {
    const copy = Uint8Array.from(whole);
    for (let flips = 0; flips < 3; flips++) copy[1 + (next() % (copy.length - 1))] = next() % 256;
    try {
      parsePickle(copy, { source: 'fuzz.pkl' });
    } catch (error) {
      assert.ok(error instanceof UserError, `round ${round}: ${String(error)}`);
    }
  }
});

test('unknown opcode, unsupported opcode, stack underflow, missing memo: file and byte offset', () => {
  expectUserError(() => parsePickle(pickleBytes(0x80, 4, 0xff), { source: 'a.pkl' }), /^a\.pkl: unknown or unsupported opcode 0xff at byte 2$/);
  expectUserError(() => parsePickle(pickleBytes(0x80, 4, 0x8f, '.'), { source: 'a.pkl' }), /opcode EMPTY_SET \(0x8f\) at byte 2/);
  expectUserError(() => parsePickle(pickleBytes(0x80, 2, 'a'), { source: 'a.pkl' }), /^a\.pkl: stack underflow at byte 2 \(opcode APPEND/);
  expectUserError(() => parsePickle(pickleBytes(0x80, 2, ']', '(', 'a'), { source: 'a.pkl' }), /stack underflow at byte 4/);
  expectUserError(() => parsePickle(pickleBytes(0x80, 2, 'e'), { source: 'a.pkl' }), /no MARK/);
  expectUserError(() => parsePickle(pickleBytes(0x80, 2, 'h', 5, '.'), { source: 'a.pkl' }), /memo entry 5 is missing at byte 2/);
  expectUserError(() => parsePickle(pickleBytes(0x80, 6, '.'), { source: 'a.pkl' }), /unsupported pickle protocol 6/);
  expectUserError(() => parsePickle(pickleBytes(0x80, 2, 'N'), { source: 'a.pkl' }), /ends at byte 3 without a STOP/);
});

test('not a pickle, empty file, out-of-band buffers', () => {
  expectUserError(() => parsePickle(Buffer.from('root:x:0:0'), { source: 'passwd' }), /^passwd: not a pickle of protocol 2 or later/);
  expectUserError(() => parsePickle(new Uint8Array(0), { source: 'e.pkl' }), /^e\.pkl: empty file/);
  expectUserError(() => parsePickle(pickleBytes(0x80, 5, 0x97, '.'), { source: 'b.pkl' }), /out-of-band buffers/);
});

test('an absurd shape is refused from the header alone, before anything is allocated', () => {
  const fake = (shape: number[]) => encodePickle(new NdArray(new DType('float64'), shape, false, new Uint8Array(8)));
  const before = process.memoryUsage().arrayBuffers;
  expectUserError(() => parsePickle(Buffer.concat(fake([1e6, 1e6, 100, 100])), { source: 'big.pkl' }), /^big\.pkl: array shape \(1000000, 1000000, 100, 100\) is absurdly large at byte \d+$/);
  expectUserError(() => parsePickle(Buffer.concat(fake([1e4, 1e4, 100, 100])), { source: 'big.pkl' }), /needs 8000000000000 bytes but 8 are present/);
  assert.ok(process.memoryUsage().arrayBuffers - before < 2 ** 20);
});

test('arrays over the memory limit are refused', () => {
  expectUserError(() => parseFixture('cases8-p3-f32.pkl', 100_000), /over the memory limit of 100000 bytes/);
});

test('unsupported dtypes and object arrays are refused by name', () => {
  const dtypeCall = (code: string) =>
    pickleBytes(0x80, 4, 0x8c, 5, 'numpy', 0x8c, 5, 'dtype', 0x93, 0x8c, code.length, code, 0x89, 0x88, 0x87, 'R', '.');
  expectUserError(() => parsePickle(dtypeCall('c16'), { source: 'c.pkl' }), /unsupported numpy dtype 'c16'/);
  expectUserError(() => parsePickle(dtypeCall('O8'), { source: 'c.pkl' }), /unsupported numpy dtype 'O8'/);
  assert.ok(parsePickle(dtypeCall('f8')) instanceof DType);
});
