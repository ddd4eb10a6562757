/**
 * Reading loosely typed Python values as the numbers / strings a caller expects: users' pickles
 * hold the same thing as a list, a tuple, a numpy array or a numpy scalar, and all should work.
 * Errors are PickleDataErrors without context; callers prefix the file and field.
 */
import { PickleDataError, PyTuple, type PyValue, pyTypeName } from './values.js';
import { NdArray, formatShape } from './ndarray.js';
import { toFloat64 } from './ndarray-convert.js';

/** A sequence's items, if `value` is a list or tuple. */
export function sequenceItems(value: PyValue): PyValue[] | undefined {
  if (Array.isArray(value)) return value;
  if (value instanceof PyTuple) return value.items;
  return undefined;
}

function numberOf(item: PyValue, index: number): number {
  if (typeof item === 'number') return item;
  if (typeof item === 'boolean') return item ? 1 : 0;
  if (typeof item === 'bigint') return Number(item);
  throw new PickleDataError(`expected numbers, got ${pyTypeName(item)} at index ${index}`);
}

/** Numbers of a 1-D list / tuple / ndarray; `scalar` is set when `value` was a single number (or a 0-d array). */
export function numbersOf(value: PyValue, maxBytes: number): { values: Float64Array; scalar: boolean } {
  if (value instanceof NdArray) {
    if (value.shape.length > 1) throw new PickleDataError(`expected a 1-D array, got shape ${formatShape(value.shape)}`);
    return { values: toFloat64(value, maxBytes), scalar: value.shape.length === 0 };
  }
  const items = sequenceItems(value);
  if (items) return { values: Float64Array.from(items, numberOf), scalar: false };
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return { values: Float64Array.of(numberOf(value, 0)), scalar: true };
  }
  throw new PickleDataError(`expected a list or array of numbers, got ${pyTypeName(value)}`);
}

/** Items of a list / tuple of str. */
export function stringsOf(value: PyValue): string[] {
  const items = sequenceItems(value);
  if (!items) throw new PickleDataError(`expected a list of str, got ${pyTypeName(value)}`);
  return items.map((item, index) => {
    if (typeof item !== 'string') throw new PickleDataError(`expected str, got ${pyTypeName(item)} at index ${index}`);
    return item;
  });
}
