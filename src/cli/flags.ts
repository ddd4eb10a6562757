/** Strict flag parsing shared by the commands: every failure is a one-line UserError naming the flag. */
import { UserError } from '../errors.js';

export interface NumberRange {
  min?: number;
  max?: number;
  /** The value must be > min rather than >= min. */
  minExclusive?: boolean;
  integer?: boolean;
}

/** Strict number parsing: Number('') is 0 and parseFloat('1x') is 1, neither is what the user meant. */
export function numberFlag(flag: string, text: string, range: NumberRange = {}): number {
  const { min = -Infinity, max = Infinity, minExclusive = false, integer = false } = range;
  const value = text.trim() === '' ? NaN : Number(text);
  const tooLow = minExclusive ? value <= min : value < min;
  if (!Number.isFinite(value) || tooLow || value > max || (integer && !Number.isInteger(value))) {
    const kind = integer ? 'an integer' : 'a number';
    const bounds = max !== Infinity && min !== -Infinity ? ` in [${min}, ${max}]`
      : min !== -Infinity ? ` ${minExclusive ? '>' : '>='} ${min}`
      : max !== Infinity ? ` <= ${max}` : '';
    throw new UserError(`${flag}: expected ${kind}${bounds}, got '${text}'`);
  }
  return value;
}

/** The value of a required option; commander's own message would not say what the option is for. */
export function requiredFlag(flag: string, value: string | undefined, what: string): string {
  if (value === undefined || value === '') throw new UserError(`${flag}: required (${what})`);
  return value;
}
