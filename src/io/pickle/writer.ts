/**
 * Encodes values as a protocol-4 pickle that CPython's pickle (with numpy 1.x or 2.x) loads.
 * Arrays are written the way numpy 1.x itself does (`numpy.core.multiarray._reconstruct` + BUILD):
 * numpy 2 keeps that name importable without warnings for old pickles, while `numpy._core` does not
 * exist in numpy 1.x, so this form loads everywhere. No memo or frames: both are optional.
 */
import { Op } from './opcodes.js';
import { PyFloat, PyGlobal, PyTuple, type PyValue } from './values.js';
import { DType, NdArray } from './ndarray.js';

/** Payloads at least this large become their own chunk instead of being copied into the builder. */
const DIRECT_CHUNK_BYTES = 64 * 1024;
/** CPython batches APPENDS / SETITEMS by 1000; keeps the unpickler's stack small. */
const BATCH = 1000;

class ChunkBuilder {
  readonly chunks: Uint8Array[] = [];
  private buffer = Buffer.allocUnsafe(4096);
  private length = 0;

  private reserve(count: number): void {
    if (this.length + count <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + count));
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }
  op(code: number): void {
    this.reserve(1);
    this.buffer[this.length++] = code;
  }
  u8(code: number, value: number): void {
    this.reserve(2);
    this.buffer[this.length++] = code;
    this.buffer[this.length++] = value;
  }
  u16(code: number, value: number): void {
    this.op(code);
    this.reserve(2);
    this.length = this.buffer.writeUInt16LE(value, this.length);
  }
  i32(code: number, value: number): void {
    this.op(code);
    this.reserve(4);
    this.length = this.buffer.writeInt32LE(value, this.length);
  }
  u32(code: number, value: number): void {
    this.op(code);
    this.reserve(4);
    this.length = this.buffer.writeUInt32LE(value, this.length);
  }
  u64(code: number, value: number): void {
    this.op(code);
    this.reserve(8);
    this.length = this.buffer.writeBigUInt64LE(BigInt(value), this.length);
  }
  float(value: number): void {
    this.op(Op.BINFLOAT);
    this.reserve(8);
    this.length = this.buffer.writeDoubleBE(value, this.length);
  }
  raw(bytes: Uint8Array): void {
    if (bytes.byteLength >= DIRECT_CHUNK_BYTES) {
      this.flush();
      this.chunks.push(bytes);
      return;
    }
    this.reserve(bytes.byteLength);
    this.buffer.set(bytes, this.length);
    this.length += bytes.byteLength;
  }
  flush(): void {
    if (this.length === 0) return;
    this.chunks.push(Uint8Array.prototype.slice.call(this.buffer, 0, this.length));
    this.length = 0;
  }
}

/** Minimal little-endian two's-complement bytes of `value`, as LONG1 / LONG4 carry them. */
function longBytes(value: bigint): Uint8Array {
  const out: number[] = [];
  let rest = value;
  for (;;) {
    const byte = Number(rest & 0xffn);
    out.push(byte);
    rest >>= 8n;
    // Done when the remaining bits are pure sign extension of the byte just written.
    if ((rest === 0n && (byte & 0x80) === 0) || (rest === -1n && (byte & 0x80) !== 0)) break;
  }
  return Uint8Array.from(out);
}

class Encoder {
  readonly out = new ChunkBuilder();
  private readonly open = new Set<object>();

  value(value: PyValue): void {
    if (value === null) this.out.op(Op.NONE);
    else if (typeof value === 'boolean') this.out.op(value ? Op.NEWTRUE : Op.NEWFALSE);
    else if (typeof value === 'number') this.number(value);
    else if (typeof value === 'bigint') this.int(value);
    else if (typeof value === 'string') this.string(value);
    else if (value instanceof Uint8Array) this.bytes(value);
    else if (value instanceof PyFloat) this.out.float(value.value);
    else if (value instanceof PyGlobal) this.global(value.module, value.name);
    else if (value instanceof DType) this.dtype(value);
    else if (value instanceof NdArray) this.array(value);
    else this.container(value);
  }

  private number(value: number): void {
    // Integral values within 2^53 are Python ints; beyond that precision is gone, so keep them floats.
    if (Number.isSafeInteger(value) && !Object.is(value, -0)) this.int(value);
    else this.out.float(value);
  }

  private int(value: number | bigint): void {
    const small = typeof value === 'number' ? value : Number.isSafeInteger(Number(value)) ? Number(value) : undefined;
    if (small !== undefined && small >= 0 && small < 0x100) this.out.u8(Op.BININT1, small);
    else if (small !== undefined && small >= 0 && small < 0x10000) this.out.u16(Op.BININT2, small);
    else if (small !== undefined && small >= -(2 ** 31) && small < 2 ** 31) this.out.i32(Op.BININT, small);
    else {
      const bytes = longBytes(BigInt(value));
      if (bytes.length < 0x100) this.out.u8(Op.LONG1, bytes.length);
      else this.out.i32(Op.LONG4, bytes.length);
      this.out.raw(bytes);
    }
  }

  private string(value: string): void {
    const bytes = Buffer.from(value, 'utf8');
    if (bytes.length < 0x100) this.out.u8(Op.SHORT_BINUNICODE, bytes.length);
    else if (bytes.length < 2 ** 32) this.out.u32(Op.BINUNICODE, bytes.length);
    else this.out.u64(Op.BINUNICODE8, bytes.length);
    this.out.raw(bytes);
  }

  private bytes(value: Uint8Array): void {
    if (value.byteLength < 0x100) this.out.u8(Op.SHORT_BINBYTES, value.byteLength);
    else if (value.byteLength < 2 ** 32) this.out.u32(Op.BINBYTES, value.byteLength);
    else this.out.u64(Op.BINBYTES8, value.byteLength);
    this.out.raw(value);
  }

  private global(module: string, name: string): void {
    this.string(module);
    this.string(name);
    this.out.op(Op.STACK_GLOBAL);
  }

  private tuple(items: PyValue[]): void {
    if (items.length === 0) return this.out.op(Op.EMPTY_TUPLE);
    if (items.length > 3) this.out.op(Op.MARK);
    for (const item of items) this.value(item);
    this.out.op(items.length > 3 ? Op.TUPLE : [Op.TUPLE1, Op.TUPLE2, Op.TUPLE3][items.length - 1]);
  }

  /** `numpy.dtype('f4', False, True)` then BUILD with the version-3 state numpy itself writes. */
  private dtype(dtype: DType): void {
    this.global('numpy', 'dtype');
    this.tuple([dtype.code, false, true]);
    this.out.op(Op.REDUCE);
    this.tuple([3, dtype.byteOrder, null, null, null, -1, -1, 0]);
    this.out.op(Op.BUILD);
  }

  /** `_reconstruct(ndarray, (0,), b'b')` then BUILD with (1, shape, dtype, is_fortran, rawdata). */
  private array(array: NdArray): void {
    this.global('numpy.core.multiarray', '_reconstruct');
    this.global('numpy', 'ndarray');
    this.tuple([0]);
    this.bytes(Uint8Array.of(0x62)); // b'b': numpy's placeholder dtype, replaced by BUILD
    this.out.op(Op.TUPLE3);
    this.out.op(Op.REDUCE);
    this.out.op(Op.MARK);
    this.int(1);
    this.tuple(array.shape);
    this.dtype(array.dtype);
    this.out.op(array.fortran ? Op.NEWTRUE : Op.NEWFALSE);
    this.bytes(array.bytes);
    this.out.op(Op.TUPLE);
    this.out.op(Op.BUILD);
  }

  private container(value: PyValue[] | PyTuple | Map<PyValue, PyValue>): void {
    if (this.open.has(value)) throw new Error('cannot pickle a value that contains itself');
    this.open.add(value);
    if (value instanceof PyTuple) this.tuple(value.items);
    else if (Array.isArray(value)) this.batches(Op.EMPTY_LIST, Op.APPENDS, value);
    else this.batches(Op.EMPTY_DICT, Op.SETITEMS, [...value].flat());
    this.open.delete(value);
  }

  /** EMPTY_LIST / EMPTY_DICT, then MARK ... APPENDS / SETITEMS per batch (`flat` holds keys and values alternately for dicts). */
  private batches(empty: number, add: number, flat: PyValue[]): void {
    this.out.op(empty);
    const step = add === Op.SETITEMS ? 2 * BATCH : BATCH;
    for (let start = 0; start < flat.length; start += step) {
      this.out.op(Op.MARK);
      for (let k = start; k < Math.min(start + step, flat.length); k++) this.value(flat[k]);
      this.out.op(add);
    }
  }
}

/**
 * The protocol-4 pickle of `value`, as chunks to write in order (e.g. with writeFileAtomic).
 * Large payloads such as array data are not copied: they are chunks that view the caller's memory.
 */
export function encodePickle(value: PyValue): Uint8Array[] {
  const encoder = new Encoder();
  encoder.out.u8(Op.PROTO, 4);
  encoder.value(value);
  encoder.out.op(Op.STOP);
  encoder.out.flush();
  return encoder.out.chunks;
}
