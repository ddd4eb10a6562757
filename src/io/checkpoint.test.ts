import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { UserError } from '../errors.js';
import { Rng } from '../engine/random.js';
import { loadCheckpoint, saveCheckpoint, type Checkpoint } from './checkpoint.js';

const dir = mkdtempSync(join(tmpdir(), 'deepsphere-checkpoint-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function randomTensor(rng: Rng, name: string, shape: number[]) {
  const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
  for (let k = 0; k < data.length; k++) data[k] = rng.normal();
  return { name, shape, data };
}

function sampleCheckpoint(): Checkpoint {
  const rng = new Rng(3);
  const odd = randomTensor(rng, 'encoder.weight', [3, 5]);
  // Bit patterns JSON could never carry: they must come back exactly.
  odd.data[0] = NaN;
  odd.data[1] = -0;
  odd.data[2] = Infinity;
  odd.data[3] = 1e-45; // subnormal
  return {
    kind: 'deepsphere-model',
    meta: { config: { hidden: 5, gamma: 0.05 }, history: [1.5, 0.75], note: 'naïve — ünïcode', nested: [{ a: null }] },
    tensors: [
      odd,
      randomTensor(rng, 'encoder.bias', [5]),
      { name: 'empty', shape: [0, 4], data: new Float32Array(0) },
      randomTensor(rng, 'scalar', []),
      // A view into a larger buffer at an odd offset: only the viewed values are saved.
      { name: 'view', shape: [2, 2], data: new Float32Array(new Float32Array(9).fill(7).buffer, 4, 4) },
    ],
  };
}

function bytesOf(data: Float32Array): Buffer {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

/** Asserts `fn` throws a one-line UserError naming `file` and matching `problem`. */
function assertUserError(fn: () => unknown, file: string, problem: RegExp, what = ''): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof UserError, `${what}: expected a UserError, got ${String(error)}`);
    assert.ok(error.message.startsWith(`${file}: `), `${what}: message does not name the file: ${error.message}`);
    assert.match(error.message, problem, what);
    assert.ok(!error.message.includes('\n'), `${what}: message is not one line`);
    return true;
  });
}

const modelPath = join(dir, 'model.dsm');
saveCheckpoint(modelPath, sampleCheckpoint());
const good = readFileSync(modelPath);

test('round trip keeps kind, meta, tensor order, names, shapes and exact bits', () => {
  const original = sampleCheckpoint();
  const loaded = loadCheckpoint(modelPath, 'deepsphere-model');
  assert.equal(loaded.kind, original.kind);
  assert.deepEqual(loaded.meta, original.meta);
  assert.deepEqual(
    loaded.tensors.map((t) => [t.name, t.shape]),
    original.tensors.map((t) => [t.name, t.shape]),
  );
  for (let k = 0; k < original.tensors.length; k++) {
    const data = loaded.tensors[k].data;
    assert.ok(data instanceof Float32Array);
    assert.ok(bytesOf(data).equals(bytesOf(original.tensors[k].data)), original.tensors[k].name);
    // Each tensor owns its buffer, so it does not keep the file contents alive.
    assert.equal(data.byteOffset, 0);
    assert.equal(data.buffer.byteLength, data.byteLength);
  }
});

test('tensors sit at 64-byte-aligned file offsets', () => {
  const headerLength = good.readUInt32LE(12);
  assert.equal((56 + headerLength) % 64, 0);
  const header = JSON.parse(good.subarray(56, 56 + headerLength).toString('utf8'));
  for (const entry of header.tensors) assert.equal(entry.offset % 64, 0, entry.name);
});

test('a ~10 MB model saves and loads quickly', () => {
  const rng = new Rng(5);
  const big = { kind: 'deepsphere-model', meta: {}, tensors: [randomTensor(rng, 'w', [1600, 1600]), randomTensor(rng, 'b', [1600])] };
  const path = join(dir, 'big.dsm');
  const started = performance.now();
  saveCheckpoint(path, big);
  const loaded = loadCheckpoint(path);
  const elapsedMs = performance.now() - started;
  assert.ok(bytesOf(loaded.tensors[0].data).equals(bytesOf(big.tensors[0].data)));
  assert.ok(elapsedMs < 5_000, `save + load took ${elapsedMs.toFixed(0)} ms`);
  rmSync(path);
});

test('a flipped bit anywhere is detected', () => {
  const path = join(dir, 'flipped.dsm');
  for (let position = 0; position < good.byteLength; position++) {
    for (const bit of [0, 3, 7]) {
      const bad = Buffer.from(good);
      bad[position] ^= 1 << bit;
      writeFileSync(path, bad);
      // A damaged magic is indistinguishable from another file type; everything after it is checksummed.
      const problem = position < 8 ? /not a deepsphere model file/ : /corrupted/;
      assertUserError(() => loadCheckpoint(path), path, problem, `byte ${position} bit ${bit}`);
    }
  }
});

test('a truncated file says how long it should be', () => {
  const path = join(dir, 'short.dsm');
  const headerEnd = 56 + good.readUInt32LE(12);
  for (const length of [3, 8, 20, 55]) {
    writeFileSync(path, good.subarray(0, length));
    assertUserError(() => loadCheckpoint(path), path, new RegExp(`^.*: truncated \\(expected at least 56 bytes, found ${length}\\)$`));
  }
  for (const length of [56, 100, headerEnd - 1, headerEnd, headerEnd + 1, good.byteLength - 1]) {
    writeFileSync(path, good.subarray(0, length));
    const expected = new RegExp(`: truncated \\(expected ${good.byteLength} bytes, found ${length}\\)$`);
    assertUserError(() => loadCheckpoint(path), path, expected, `length ${length}`);
  }
  writeFileSync(path, Buffer.alloc(0));
  assertUserError(() => loadCheckpoint(path), path, /empty file, not a deepsphere model file/);
});

test('bytes appended after the model are refused', () => {
  const path = join(dir, 'long.dsm');
  writeFileSync(path, Buffer.concat([good, Buffer.from('extra')]));
  assertUserError(() => loadCheckpoint(path), path, /5 unexpected bytes after the end of the model — the file is corrupted/);
});

test('other files are not model files', () => {
  const path = join(dir, 'model.pkl');
  // Start of a pickle (protocol 4), a NumPy .npy, and text.
  for (const bytes of [Buffer.from([0x80, 0x04, 0x95, 0x1a, 0, 0, 0, 0, 0, 0, 0, 0x7d, 0x94]), Buffer.from('\x93NUMPY\x01\x00', 'latin1'), Buffer.from('{"kind": "deepsphere-model"}\n')]) {
    writeFileSync(path, bytes);
    assertUserError(() => loadCheckpoint(path), path, /: not a deepsphere model file$/);
  }
  assertUserError(() => loadCheckpoint(join(dir, 'missing.dsm')), join(dir, 'missing.dsm'), /no such file/);
  assertUserError(() => loadCheckpoint(dir), dir, /is a directory/);
});

test('a file of another kind is refused when a kind is expected', () => {
  const path = join(dir, 'other.dsm');
  saveCheckpoint(path, { kind: 'baseline-model', meta: null, tensors: [] });
  assert.equal(loadCheckpoint(path).kind, 'baseline-model');
  assertUserError(() => loadCheckpoint(path, 'deepsphere-model'), path, /holds a 'baseline-model', not a 'deepsphere-model'/);
});

test('a newer format version asks for an upgrade rather than claiming corruption', () => {
  const path = join(dir, 'future.dsm');
  const future = Buffer.from(good);
  future.writeUInt32LE(2, 8);
  // Re-sign the header as a newer writer would: the checksum covers bytes [0, 24) and the header.
  const headerLength = future.readUInt32LE(12);
  createHash('sha256').update(future.subarray(0, 24)).update(future.subarray(56, 56 + headerLength)).digest().copy(future, 24);
  writeFileSync(path, future);
  assertUserError(() => loadCheckpoint(path), path, /format version 2 is newer than this deepsphere reads \(1\); upgrade deepsphere/);
});

test('saving is atomic: it replaces the old file and leaves no temp files', () => {
  const sub = mkdtempSync(join(dir, 'atomic-'));
  const path = join(sub, 'model.dsm');
  saveCheckpoint(path, { kind: 'deepsphere-model', meta: { version: 1 }, tensors: [] });
  saveCheckpoint(path, sampleCheckpoint());
  assert.deepEqual(readdirSync(sub), ['model.dsm']);
  assert.deepEqual(loadCheckpoint(path).meta, sampleCheckpoint().meta);
  // A write that fails (missing directory) leaves nothing behind either.
  assert.throws(() => saveCheckpoint(join(sub, 'missing', 'model.dsm'), sampleCheckpoint()), { code: 'ENOENT' });
  assert.deepEqual(readdirSync(sub), ['model.dsm']);
});

test('invalid tensors are a programming error, refused before anything is written', () => {
  const path = join(dir, 'invalid.dsm');
  const tensor = { name: 'w', shape: [2, 3], data: new Float32Array(5) };
  assert.throws(() => saveCheckpoint(path, { kind: 'k', meta: {}, tensors: [tensor] }), /shape \[2, 3\] but 5 values/);
  const ok = { name: 'w', shape: [1], data: new Float32Array(1) };
  assert.throws(() => saveCheckpoint(path, { kind: 'k', meta: {}, tensors: [ok, ok] }), /duplicate tensor name 'w'/);
  assert.throws(() => saveCheckpoint(path, { kind: 'k', meta: {}, tensors: [{ ...ok, shape: [-1] }] }), /invalid shape/);
  assert.deepEqual(readdirSync(dir).filter((name) => name.includes('invalid')), []);
});
