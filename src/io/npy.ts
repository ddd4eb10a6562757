/**
 * numpy's .npy format (https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html):
 * magic, version, a Python-literal header dict, then the raw elements. Reads versions 1-3 with the
 * same dtypes, byte orders and memory orders as the pickle reader; writes version 1.0.
 */
import { readFileSync, statSync } from 'node:fs';
import { UserError } from '../errors.js';
import { writeFileAtomic } from './atomic.js';
import { DType, NdArray, checkArrayBytes, defaultMaxBytes, elementCount, formatBytes, formatShape, parseTypestr } from './pickle/ndarray.js';
import { PickleDataError } from './pickle/values.js';

const MAGIC = Buffer.from('\x93NUMPY', 'latin1');
/** numpy pads the header so the data starts on a 64-byte boundary (aligned for any dtype). */
const ALIGNMENT = 64;

/**
 * The .npy bytes of `array` (C order, `shape`), as chunks: the header, then a view of the array's
 * own memory (not copied).
 */
export function encodeNpy(array: Float32Array | Float64Array, shape: number[]): Uint8Array[] {
  const data = NdArray.fromTyped(array, shape);
  const dict = `{'descr': '${data.dtype.typestr}', 'fortran_order': False, 'shape': ${formatShape(shape)}, }`;
  const unpadded = MAGIC.length + 2 + 2 + dict.length + 1; // + the closing newline
  const padding = (ALIGNMENT - (unpadded % ALIGNMENT)) % ALIGNMENT;
  const headerText = `${dict}${' '.repeat(padding)}\n`;
  if (headerText.length > 0xffff) throw new Error(`npy header too long for format 1.0 (shape ${formatShape(shape)})`);
  const header = Buffer.alloc(MAGIC.length + 4 + headerText.length);
  MAGIC.copy(header, 0);
  header[6] = 1; // version 1.0
  header[7] = 0;
  header.writeUInt16LE(headerText.length, 8);
  header.write(headerText, 10, 'latin1');
  return [header, data.bytes];
}

/** Writes `array` of `shape` as a .npy file, atomically. */
export function writeNpy(path: string, array: Float32Array | Float64Array, shape: number[]): void {
  writeFileAtomic(path, encodeNpy(array, shape));
}

/** The header dict, e.g. {'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }. */
function parseHeader(text: string): { dtype: DType; fortran: boolean; shape: number[] } {
  const trimmed = text.trim();
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(trimmed);
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(trimmed);
  const shape = /'shape'\s*:\s*\(([^)]*)\)/.exec(trimmed);
  if (!trimmed.startsWith('{') || !trimmed.endsWith('}') || !descr || !fortran || !shape) {
    // A structured dtype ('descr': [...]) also lands here.
    throw new PickleDataError(`unsupported .npy header ${trimmed.slice(0, 120)}`);
  }
  const dims = shape[1]
    .split(',')
    .map((dim) => dim.trim())
    .filter((dim) => dim !== '');
  if (dims.some((dim) => !/^\d+$/.test(dim))) throw new PickleDataError(`bad .npy shape (${shape[1]})`);
  return { dtype: parseTypestr(descr[1]), fortran: fortran[1] === 'True', shape: dims.map(Number) };
}

/** Parses .npy bytes into an NdArray whose bytes view `bytes` (no copy). */
export function decodeNpy(bytes: Uint8Array, source = '<npy>', maxBytes = defaultMaxBytes()): NdArray {
  try {
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (buffer.length < 10 || !buffer.subarray(0, 6).equals(MAGIC)) throw new PickleDataError('not a .npy file (bad magic)');
    const major = buffer[6];
    if (major < 1 || major > 3) throw new PickleDataError(`unsupported .npy version ${major}.${buffer[7]}`);
    const lengthSize = major === 1 ? 2 : 4;
    if (buffer.length < 8 + lengthSize) throw new PickleDataError('truncated .npy header');
    const headerLength = major === 1 ? buffer.readUInt16LE(8) : buffer.readUInt32LE(8);
    const dataStart = 8 + lengthSize + headerLength;
    if (dataStart > buffer.length) throw new PickleDataError('truncated .npy header');
    const { dtype, fortran, shape } = parseHeader(buffer.toString(major === 3 ? 'utf8' : 'latin1', 8 + lengthSize, dataStart));
    // Trailing bytes are ignored, as np.load does; missing ones are reported by checkArrayBytes.
    const needed = elementCount(shape) * dtype.itemsize;
    const data = bytes.subarray(dataStart, dataStart + Math.min(needed, buffer.length - dataStart));
    checkArrayBytes(shape, dtype, data.byteLength, maxBytes);
    return new NdArray(dtype, shape, fortran, data);
  } catch (error) {
    if (error instanceof PickleDataError) throw new UserError(`${source}: ${error.message}`);
    throw error;
  }
}

/** Reads a .npy file; convert with toFloat32 / toFloat64 (ndarray-convert.ts). */
export function readNpy(path: string, options: { maxBytes?: number } = {}): NdArray {
  const maxBytes = options.maxBytes ?? defaultMaxBytes();
  const size = statSync(path).size;
  if (size > maxBytes) throw new UserError(`${path}: file is ${formatBytes(size)}, over the memory limit of ${formatBytes(maxBytes)}`);
  return decodeNpy(readFileSync(path), path, maxBytes);
}
