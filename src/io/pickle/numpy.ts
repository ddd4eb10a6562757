/**
 * What numpy's pickles call, done without numpy: `numpy.dtype(...)` + its BUILD state,
 * `_reconstruct(ndarray, (0,), b'b')` + its BUILD state, protocol 5's `_frombuffer(buf, dtype, shape,
 * order)`, and `scalar(dtype, bytes)`. Arguments are checked strictly; nothing else is accepted.
 */
import { PickleDataError, PyGlobal, PyTuple, type PyValue, pyTypeName } from './values.js';
import { DType, NdArray, checkArrayBytes, parseTypestr } from './ndarray.js';

function tupleItems(value: PyValue, what: string): PyValue[] {
  if (!(value instanceof PyTuple)) throw new PickleDataError(`${what}: expected a tuple, got ${pyTypeName(value)}`);
  return value.items;
}

function shapeOf(value: PyValue): number[] {
  return tupleItems(value, 'array shape').map((dim) => {
    if (typeof dim !== 'number' || !Number.isInteger(dim) || dim < 0) {
      throw new PickleDataError(`array shape: expected non-negative ints, got ${pyTypeName(dim)} ${String(dim)}`);
    }
    return dim;
  });
}

function dtypeOf(value: PyValue): DType {
  if (!(value instanceof DType)) throw new PickleDataError(`expected a numpy dtype, got ${pyTypeName(value)}`);
  return value;
}

function bytesOf(value: PyValue, what: string): Uint8Array {
  if (!(value instanceof Uint8Array)) throw new PickleDataError(`${what}: expected bytes, got ${pyTypeName(value)}`);
  return value;
}

/** `numpy.dtype(typestr, align, copy)`: byte order comes later, from BUILD. */
export function makeDType(args: PyValue[]): DType {
  const [typestr] = args;
  if (typeof typestr !== 'string') throw new PickleDataError(`numpy.dtype: expected a type string, got ${pyTypeName(typestr ?? null)}`);
  return parseTypestr(typestr);
}

/**
 * dtype BUILD state: (version, byteorder, subarray, names, fields, elsize, alignment[, flags[, metadata]]).
 * Only plain dtypes: a subarray or field names would make the array structured.
 */
export function setDTypeState(dtype: DType, state: PyValue): void {
  const items = tupleItems(state, 'numpy dtype state');
  const [, order, subarray = null, names = null] = items;
  if (subarray !== null || names !== null) throw new PickleDataError('structured and sub-array numpy dtypes are not supported');
  if (order === '<') dtype.littleEndian = true;
  else if (order === '>') dtype.littleEndian = false;
  else if (order !== '|' && order !== '=') throw new PickleDataError(`numpy dtype state: bad byte order ${String(order)}`);
}

/** `_reconstruct(numpy.ndarray, (0,), b'b')`: an empty int8 array that the following BUILD fills. */
export function reconstructArray(args: PyValue[]): NdArray {
  const [subtype] = args;
  if (!(subtype instanceof PyGlobal) || subtype.qualifiedName !== 'numpy.ndarray') {
    throw new PickleDataError(`_reconstruct: only numpy.ndarray is supported, got ${pyTypeName(subtype ?? null)}`);
  }
  return new NdArray(new DType('int8'), [0], false, new Uint8Array(0));
}

/** ndarray BUILD state: (version, shape, dtype, is_fortran, rawdata), or the older 4-tuple without version. */
export function setArrayState(array: NdArray, state: PyValue, maxBytes: number): void {
  let items = tupleItems(state, 'numpy array state');
  if (items.length === 5) items = items.slice(1);
  if (items.length !== 4) throw new PickleDataError(`numpy array state: expected 4 or 5 items, got ${items.length}`);
  const [shapeValue, dtypeValue, fortran, raw] = items;
  const shape = shapeOf(shapeValue);
  const dtype = dtypeOf(dtypeValue);
  if (Array.isArray(raw)) throw new PickleDataError('numpy object arrays are not supported');
  const bytes = bytesOf(raw, 'numpy array data');
  checkArrayBytes(shape, dtype, bytes.byteLength, maxBytes);
  array.dtype = dtype;
  array.shape = shape;
  array.fortran = fortran === true || fortran === 1;
  array.bytes = bytes;
}

/** Protocol 5: `_frombuffer(buffer, dtype, shape, order)` with the buffer in-band. */
export function frombuffer(args: PyValue[], maxBytes: number): NdArray {
  if (args.length !== 4) throw new PickleDataError(`_frombuffer: expected 4 arguments, got ${args.length}`);
  const [buffer, dtypeValue, shapeValue, order] = args;
  const bytes = bytesOf(buffer, '_frombuffer');
  const dtype = dtypeOf(dtypeValue);
  const shape = shapeOf(shapeValue);
  if (order !== 'C' && order !== 'F') throw new PickleDataError(`_frombuffer: bad order ${String(order)}`);
  checkArrayBytes(shape, dtype, bytes.byteLength, maxBytes);
  return new NdArray(dtype, shape, order === 'F', bytes);
}

/** `scalar(dtype, bytes)`, e.g. np.float64(1.5), returned as the plain value it stands for. */
export function scalar(args: PyValue[]): PyValue {
  const [dtypeValue, raw] = args;
  const dtype = dtypeOf(dtypeValue ?? null);
  const bytes = bytesOf(raw ?? null, 'numpy scalar');
  if (bytes.byteLength !== dtype.itemsize) {
    throw new PickleDataError(`numpy scalar of dtype ${dtype.name}: expected ${dtype.itemsize} bytes, got ${bytes.byteLength}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const little = dtype.littleEndian;
  switch (dtype.name) {
    case 'float64':
      return view.getFloat64(0, little);
    case 'float32':
      return view.getFloat32(0, little);
    case 'int64': {
      const value = view.getBigInt64(0, little);
      const asNumber = Number(value);
      return Number.isSafeInteger(asNumber) ? asNumber : value;
    }
    case 'int32':
      return view.getInt32(0, little);
    case 'int8':
      return view.getInt8(0);
    case 'uint8':
      return view.getUint8(0);
    default:
      return view.getUint8(0) !== 0;
  }
}
