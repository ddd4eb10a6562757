/**
 * numpy arrays and dtypes as this package holds them: raw bytes plus a layout description.
 * Reading a pickle builds these without touching the elements (the bytes are a view into the file);
 * `ndarray-convert.ts` turns them into typed arrays in one pass.
 */
import { totalmem } from 'node:os';
import { PickleDataError } from './values.js';

export type DTypeName = 'float32' | 'float64' | 'int8' | 'int32' | 'int64' | 'uint8' | 'bool';

/** numpy's one-letter kind and item size for each supported dtype ('f8' = float64). */
const CODES: Record<DTypeName, string> = {
  float32: 'f4',
  float64: 'f8',
  int8: 'i1',
  int32: 'i4',
  int64: 'i8',
  uint8: 'u1',
  bool: 'b1',
};
const BY_CODE = new Map(Object.entries(CODES).map(([name, code]) => [code, name as DTypeName]));

/** True on little-endian hosts (all common ones); typed arrays use the host's byte order. */
export const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * A numpy dtype. `littleEndian` is mutable because numpy pickles a dtype as `dtype('f8')` followed
 * by a BUILD that sets its byte order, and the object may already be shared through the memo.
 */
export class DType {
  constructor(readonly name: DTypeName, public littleEndian: boolean = HOST_LITTLE_ENDIAN) {}
  get itemsize(): number {
    return Number(CODES[this.name][1]);
  }
  /** numpy's code without byte order, e.g. 'f8' (what `numpy.dtype(...)` is called with in a pickle). */
  get code(): string {
    return CODES[this.name];
  }
  /** numpy's byte-order character: '|' for single bytes, else '<' or '>'. */
  get byteOrder(): '<' | '>' | '|' {
    if (this.itemsize === 1) return '|';
    return this.littleEndian ? '<' : '>';
  }
  /** Full type string as in `.npy` headers, e.g. '<f8', '|b1'. */
  get typestr(): string {
    return this.byteOrder + this.code;
  }
  /** Whether the bytes are already in the host's order (single bytes always are). */
  get hostOrder(): boolean {
    return this.itemsize === 1 || this.littleEndian === HOST_LITTLE_ENDIAN;
  }
}

/** Parses 'f8', '<f4', '>i8', '|b1', '=u1', '?' ... Anything else is refused naming the type. */
export function parseTypestr(typestr: string): DType {
  const match = /^([<>|=]?)([a-zA-Z?]\d*)$/.exec(typestr);
  const code = match ? (match[2] === '?' ? 'b1' : match[2]) : undefined;
  const name = code === undefined ? undefined : BY_CODE.get(code);
  if (!match || name === undefined) {
    throw new PickleDataError(
      `unsupported numpy dtype '${typestr}' (supported: float32, float64, int8, int32, int64, uint8, bool)`,
    );
  }
  const order = match[1];
  return new DType(name, order === '<' ? true : order === '>' ? false : HOST_LITTLE_ENDIAN);
}

/** 75% of physical memory: big enough for any real dataset, small enough to refuse absurd shapes. */
export function defaultMaxBytes(): number {
  return Math.floor(totalmem() * 0.75);
}

export function formatShape(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

export function formatBytes(bytes: number): string {
  if (bytes >= 2 ** 30) return `${(bytes / 2 ** 30).toFixed(1)} GiB`;
  if (bytes >= 2 ** 20) return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
  return `${bytes} bytes`;
}

/**
 * Number of elements of `shape`, refusing non-integer or negative dimensions and products beyond
 * 2^53 (which no real array reaches) so that later size arithmetic is exact.
 */
export function elementCount(shape: readonly number[]): number {
  let count = 1;
  for (const dim of shape) {
    if (!Number.isSafeInteger(dim) || dim < 0) throw new PickleDataError(`invalid array shape ${formatShape(shape)}`);
    count *= dim;
    if (count > Number.MAX_SAFE_INTEGER) throw new PickleDataError(`array shape ${formatShape(shape)} is absurdly large`);
  }
  return count;
}

/**
 * Checks, before anything is allocated, that `shape` x `dtype` matches the bytes present and stays
 * under `maxBytes`; returns the element count.
 */
export function checkArrayBytes(shape: readonly number[], dtype: DType, byteLength: number, maxBytes: number): number {
  const count = elementCount(shape);
  const needed = count * dtype.itemsize;
  if (needed !== byteLength) {
    throw new PickleDataError(
      `array of shape ${formatShape(shape)} and dtype ${dtype.name} needs ${needed} bytes but ${byteLength} are present`,
    );
  }
  if (needed > maxBytes) {
    throw new PickleDataError(
      `array of shape ${formatShape(shape)} needs ${formatBytes(needed)}, over the memory limit of ${formatBytes(maxBytes)}`,
    );
  }
  return count;
}

export type HostTypedArray = Float32Array | Float64Array | Int8Array | Int32Array | BigInt64Array | Uint8Array;

/**
 * A numpy array: `bytes` holds the elements in `dtype`'s byte order, C order unless `fortran`.
 * Fields are mutable because numpy pickles create the array empty (`_reconstruct`) and fill it with
 * a later BUILD, while the memo may already share the object.
 */
export class NdArray {
  constructor(
    public dtype: DType,
    public shape: number[],
    public fortran: boolean,
    public bytes: Uint8Array,
  ) {}

  get size(): number {
    return elementCount(this.shape);
  }

  /**
   * Wraps a typed array (C order, host byte order) without copying, e.g. to write it with
   * `encodePickle`. A Uint8Array becomes uint8 unless `asBool`.
   */
  static fromTyped(data: HostTypedArray, shape: number[], asBool = false): NdArray {
    const name: DTypeName =
      data instanceof Float32Array
        ? 'float32'
        : data instanceof Float64Array
          ? 'float64'
          : data instanceof Int8Array
            ? 'int8'
            : data instanceof Int32Array
              ? 'int32'
              : data instanceof BigInt64Array
                ? 'int64'
                : asBool
                  ? 'bool'
                  : 'uint8';
    if (elementCount(shape) !== data.length) {
      throw new Error(`shape ${formatShape(shape)} does not match ${data.length} elements`);
    }
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    return new NdArray(new DType(name), shape, false, bytes);
  }
}
