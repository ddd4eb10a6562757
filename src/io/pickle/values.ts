/**
 * The Python values a DeepSphere pickle may hold, as TypeScript sees them.
 *
 * Mapping: None -> null, bool -> boolean, int -> number (bigint when beyond 2^53), float -> number,
 * str -> string, bytes / bytearray -> Uint8Array, list -> array, tuple -> PyTuple,
 * dict -> Map (keys compare like JS Map keys: strings and numbers by value), numpy.ndarray -> NdArray,
 * numpy.dtype -> DType, numpy scalars -> their plain value (np.float64(1.5) -> 1.5).
 */
import type { DType, NdArray } from './ndarray.js';

export type PyValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | PyValue[]
  | PyTuple
  | PyDict
  | NdArray
  | DType
  | PyGlobal
  | PyFloat;

export type PyDict = Map<PyValue, PyValue>;

/** A Python tuple: kept apart from list because numpy's reconstruction arguments are tuples. */
export class PyTuple {
  constructor(readonly items: PyValue[]) {}
}

/**
 * A reference to one of the few allowed globals (e.g. `numpy.ndarray`, passed as an argument to
 * `_reconstruct`). Only the reader's allowlist creates these; holding one runs nothing.
 */
export class PyGlobal {
  constructor(readonly module: string, readonly name: string) {}
  get qualifiedName(): string {
    return `${this.module}.${this.name}`;
  }
}

/**
 * Writer-side marker for a Python float whose value is integral (e.g. 3600.0): the writer otherwise
 * writes integral numbers as int. The reader never produces it (floats come back as number).
 */
export class PyFloat {
  constructor(readonly value: number) {}
}

/**
 * A malformed or disallowed value inside a pickle. It carries no file name or byte offset:
 * the reader (or the dataset layer) adds them when turning it into a UserError.
 */
export class PickleDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PickleDataError';
  }
}

/** Python's name for a value's type, for error messages ("expected a list, got str"). */
export function pyTypeName(value: PyValue): string {
  if (value === null) return 'None';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'bigint') return 'int';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'string') return 'str';
  if (value instanceof Uint8Array) return 'bytes';
  if (Array.isArray(value)) return 'list';
  if (value instanceof PyTuple) return 'tuple';
  if (value instanceof Map) return 'dict';
  if (value instanceof PyGlobal) return value.qualifiedName;
  if (value instanceof PyFloat) return 'float';
  if ('shape' in value) return `numpy.ndarray of ${value.dtype.name}`;
  return 'numpy.dtype';
}
