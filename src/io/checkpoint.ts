/**
 * The saved-model file: one file holding JSON metadata and named float32 tensors. It knows no model;
 * callers put their config, history and normalisation in `meta` and their weights in `tensors`.
 *
 * Layout (all integers little-endian):
 *
 *   offset  size  field
 *        0     8  magic "DSPHMDL\0"
 *        8     4  format version (uint32)
 *       12     4  header length H (uint32), bytes of UTF-8 JSON, space-padded so 56 + H is a multiple of 64
 *       16     8  total file length (uint64)
 *       24    32  SHA-256 of bytes [0, 24) followed by the header
 *       56     H  header: { kind, meta, tensors: [{ name, shape, offset, length }], payloadSha256 }
 *   56 + H        payload: each tensor's float32 data at a 64-byte-aligned offset (relative to the
 *                 payload start), zero padding between; SHA-256 in the header covers all of it
 *
 * Alignment lets a reader use each tensor in place (a typed-array view, numpy.frombuffer, mmap); this
 * reader copies instead, so loaded tensors never pin the whole file buffer.
 *
 * The first 56 bytes and what the header checksum covers stay the same in every format version, so an
 * older reader can still tell "made by a newer deepsphere" from "corrupted". Between the two checksums
 * every byte of the file is covered, so any bit flip is detected.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { endianness } from 'node:os';
import { UserError } from '../errors.js';
import { writeFileAtomic } from './atomic.js';

export interface Tensor {
  name: string;
  shape: number[];
  data: Float32Array;
}

export interface Checkpoint {
  /** What the file holds, e.g. 'deepsphere-model'; checked on load so one kind can't be read as another. */
  kind: string;
  /** Anything JSON can hold. It goes through JSON.stringify: NaN/Infinity become null, undefined fields vanish. */
  meta: unknown;
  tensors: Tensor[];
}

const MAGIC = Buffer.from('DSPHMDL\0', 'latin1');
const FORMAT_VERSION = 1;
const PREFIX_BYTES = 56;
/** Bytes [0, CHECKED_PREFIX_BYTES) of the prefix are covered by the header checksum (the checksum itself is not). */
const CHECKED_PREFIX_BYTES = 24;
const ALIGN = 64;

interface TensorEntry {
  name: string;
  shape: number[];
  /** Byte offset from the payload start. */
  offset: number;
  /** Byte length (4 x element count). */
  length: number;
}

interface Header {
  kind: string;
  meta: unknown;
  tensors: TensorEntry[];
  payloadSha256: string;
}

const alignUp = (value: number) => Math.ceil(value / ALIGN) * ALIGN;

/** Float32Array bytes are written and read as they lie in memory, which is the file's byte order only on little-endian hosts. */
function requireLittleEndianHost(): void {
  if (endianness() !== 'LE') throw new Error('checkpoint files are only supported on little-endian hosts');
}

function elementCount(shape: number[]): number {
  return shape.reduce((product, size) => product * size, 1);
}

/** Checks the caller's tensors; a problem here is a bug in the caller, so it is a plain Error. */
function checkTensors(tensors: Tensor[]): void {
  const names = new Set<string>();
  for (const { name, shape, data } of tensors) {
    if (typeof name !== 'string' || name === '') throw new Error('checkpoint: tensor with an empty name');
    if (names.has(name)) throw new Error(`checkpoint: duplicate tensor name '${name}'`);
    names.add(name);
    if (!shape.every((size) => Number.isSafeInteger(size) && size >= 0)) {
      throw new Error(`checkpoint: tensor '${name}' has invalid shape [${shape.join(', ')}]`);
    }
    if (!(data instanceof Float32Array) || data.length !== elementCount(shape)) {
      throw new Error(`checkpoint: tensor '${name}' has shape [${shape.join(', ')}] but ${data.length} values`);
    }
  }
}

/** Writes `checkpoint` to `path` atomically (the old file, if any, stays intact until the new one is complete). */
export function saveCheckpoint(path: string, checkpoint: Checkpoint): void {
  requireLittleEndianHost();
  if (typeof checkpoint.kind !== 'string' || checkpoint.kind === '') throw new Error('checkpoint: empty kind');
  checkTensors(checkpoint.tensors);

  const payloadHash = createHash('sha256');
  const payloadChunks: Uint8Array[] = [];
  const entries: TensorEntry[] = [];
  let payloadLength = 0;
  for (const { name, shape, data } of checkpoint.tensors) {
    const padding = alignUp(payloadLength) - payloadLength;
    if (padding > 0) payloadChunks.push(new Uint8Array(padding));
    payloadLength += padding;
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    payloadChunks.push(bytes);
    entries.push({ name, shape: [...shape], offset: payloadLength, length: bytes.byteLength });
    payloadLength += bytes.byteLength;
  }
  for (const chunk of payloadChunks) payloadHash.update(chunk);

  const header: Header = {
    kind: checkpoint.kind,
    meta: checkpoint.meta,
    tensors: entries,
    payloadSha256: payloadHash.digest('hex'),
  };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  // Trailing spaces are valid JSON and put the payload on a 64-byte boundary, with no unchecked gap.
  const headerBytes = Buffer.alloc(alignUp(PREFIX_BYTES + json.byteLength) - PREFIX_BYTES, 0x20);
  json.copy(headerBytes);

  const prefix = Buffer.alloc(PREFIX_BYTES);
  MAGIC.copy(prefix, 0);
  prefix.writeUInt32LE(FORMAT_VERSION, 8);
  prefix.writeUInt32LE(headerBytes.byteLength, 12);
  prefix.writeBigUInt64LE(BigInt(PREFIX_BYTES + headerBytes.byteLength + payloadLength), 16);
  headerDigest(prefix, headerBytes).copy(prefix, CHECKED_PREFIX_BYTES);

  writeFileAtomic(path, [prefix, headerBytes, ...payloadChunks]);
}

function headerDigest(prefix: Uint8Array, headerBytes: Uint8Array): Buffer {
  return createHash('sha256').update(prefix.subarray(0, CHECKED_PREFIX_BYTES)).update(headerBytes).digest();
}

function readWholeFile(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UserError(`${path}: no such file`);
    if (code === 'EISDIR') throw new UserError(`${path}: is a directory, not a deepsphere model file`);
    if (code === 'EACCES' || code === 'EPERM') throw new UserError(`${path}: permission denied`);
    throw error;
  }
}

const isNonNegativeInteger = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

/** Checks the tensor table against the payload; the header checksum passed, so a failure means a faulty writer. */
function checkHeader(header: Header, payloadLength: number): string | null {
  if (typeof header !== 'object' || header === null) return 'header is not an object';
  if (typeof header.kind !== 'string') return "header has no 'kind'";
  if (typeof header.payloadSha256 !== 'string') return "header has no 'payloadSha256'";
  if (!Array.isArray(header.tensors)) return "header has no 'tensors' table";
  for (const entry of header.tensors) {
    const { name, shape, offset, length } = entry ?? {};
    if (typeof name !== 'string') return 'tensor table entry without a name';
    if (!Array.isArray(shape) || !shape.every(isNonNegativeInteger)) return `tensor '${name}': invalid shape`;
    if (!isNonNegativeInteger(offset) || !isNonNegativeInteger(length)) return `tensor '${name}': invalid offset or length`;
    if (length !== 4 * elementCount(shape)) return `tensor '${name}': length ${length} does not fit shape [${shape.join(', ')}]`;
    if (offset + length > payloadLength) return `tensor '${name}': extends past the end of the payload`;
  }
  return null;
}

/**
 * Reads a file written by saveCheckpoint, verifying it completely. Every problem with the file is a
 * one-line UserError naming it: not a model file, truncated, corrupted, newer format, wrong kind.
 * Each tensor gets its own Float32Array (a copy), so nothing keeps the file buffer alive.
 */
export function loadCheckpoint(path: string, expectedKind?: string): Checkpoint {
  requireLittleEndianHost();
  const file = readWholeFile(path);
  const fail = (problem: string) => new UserError(`${path}: ${problem}`);
  const corrupted = () => fail('checksum mismatch — the file is corrupted');

  // A prefix of the magic is a truncated model file; anything else that differs is some other file.
  const magicBytes = Math.min(file.byteLength, MAGIC.byteLength);
  if (file.byteLength === 0) throw fail('empty file, not a deepsphere model file');
  if (!file.subarray(0, magicBytes).equals(MAGIC.subarray(0, magicBytes))) throw fail('not a deepsphere model file');
  if (file.byteLength < PREFIX_BYTES) {
    throw fail(`truncated (expected at least ${PREFIX_BYTES} bytes, found ${file.byteLength})`);
  }

  const version = file.readUInt32LE(8);
  const headerLength = file.readUInt32LE(12);
  const fileLength = Number(file.readBigUInt64LE(16));
  const headerEnd = PREFIX_BYTES + headerLength;
  // Lengths that contradict each other can only come from a damaged prefix.
  if (!Number.isSafeInteger(fileLength) || headerEnd > fileLength) throw corrupted();
  if (file.byteLength < headerEnd) throw fail(`truncated (expected ${fileLength} bytes, found ${file.byteLength})`);
  const headerBytes = file.subarray(PREFIX_BYTES, headerEnd);
  if (!headerDigest(file, headerBytes).equals(file.subarray(CHECKED_PREFIX_BYTES, PREFIX_BYTES))) throw corrupted();

  // The prefix is now known to be intact, so the version is what the writer meant.
  if (version > FORMAT_VERSION) {
    throw fail(`format version ${version} is newer than this deepsphere reads (${FORMAT_VERSION}); upgrade deepsphere`);
  }
  if (version !== FORMAT_VERSION) throw fail(`unsupported format version ${version}`);
  if (file.byteLength < fileLength) throw fail(`truncated (expected ${fileLength} bytes, found ${file.byteLength})`);
  if (file.byteLength > fileLength) {
    throw fail(`${file.byteLength - fileLength} unexpected bytes after the end of the model — the file is corrupted`);
  }

  let header: Header;
  try {
    header = JSON.parse(headerBytes.toString('utf8')) as Header;
  } catch {
    throw fail('malformed header: not valid JSON');
  }
  const problem = checkHeader(header, fileLength - headerEnd);
  if (problem !== null) throw fail(`malformed header: ${problem}`);
  if (expectedKind !== undefined && header.kind !== expectedKind) {
    throw fail(`holds a '${header.kind}', not a '${expectedKind}'`);
  }

  const payload = file.subarray(headerEnd);
  if (createHash('sha256').update(payload).digest('hex') !== header.payloadSha256) throw corrupted();

  const tensors = header.tensors.map(({ name, shape, offset, length }) => {
    const data = new Float32Array(length / 4);
    new Uint8Array(data.buffer).set(payload.subarray(offset, offset + length));
    return { name, shape, data };
  });
  return { kind: header.kind, meta: header.meta, tensors };
}
