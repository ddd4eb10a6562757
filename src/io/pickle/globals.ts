/**
 * The allowlist. A pickle names Python callables (GLOBAL / STACK_GLOBAL) and calls them (REDUCE,
 * NEWOBJ, BUILD); loading one with Python's pickle runs whatever it names. Here only the names below
 * resolve, each to a TypeScript implementation of what that callable does with plain data.
 * Everything else is refused when it is named, before anything is called.
 */
import { PickleDataError, PyGlobal, type PyValue, pyTypeName } from './values.js';
import { DType, NdArray } from './ndarray.js';
import { frombuffer, makeDType, reconstructArray, scalar, setArrayState, setDTypeState } from './numpy.js';

type GlobalKind = 'reconstruct' | 'ndarray' | 'dtype' | 'scalar' | 'frombuffer' | 'codecs.encode' | 'bytes' | 'bytearray';

const ALLOWED = new Map<string, GlobalKind>([
  // numpy 1.x names, then numpy 2's (numpy 2 pickles name numpy._core).
  ['numpy.core.multiarray._reconstruct', 'reconstruct'],
  ['numpy._core.multiarray._reconstruct', 'reconstruct'],
  ['numpy.core.multiarray.scalar', 'scalar'],
  ['numpy._core.multiarray.scalar', 'scalar'],
  ['numpy.core.numeric._frombuffer', 'frombuffer'],
  ['numpy._core.numeric._frombuffer', 'frombuffer'],
  ['numpy.ndarray', 'ndarray'],
  ['numpy.dtype', 'dtype'],
  // Protocol 2 has no bytes opcode: Python 3 writes bytes as _codecs.encode(latin1_str, 'latin1').
  ['_codecs.encode', 'codecs.encode'],
  ['__builtin__.bytes', 'bytes'],
  ['builtins.bytes', 'bytes'],
  ['__builtin__.bytearray', 'bytearray'],
  ['builtins.bytearray', 'bytearray'],
]);

/** A global outside the allowlist: reported by name only, since its position says nothing useful. */
export class RefusedGlobalError extends PickleDataError {
  constructor(qualifiedName: string) {
    super(
      `refused to load global '${qualifiedName}' (pickles can run code; only numpy arrays and plain Python values are accepted)`,
    );
  }
}

export function resolveGlobal(module: string, name: string): PyGlobal {
  const global = new PyGlobal(module, name);
  if (!ALLOWED.has(global.qualifiedName)) throw new RefusedGlobalError(global.qualifiedName);
  return global;
}

function latin1Bytes(text: PyValue, encoding: PyValue | undefined): Uint8Array {
  if (typeof text !== 'string' || (encoding !== 'latin1' && encoding !== 'latin-1')) {
    throw new PickleDataError("_codecs.encode: only (str, 'latin1') is supported");
  }
  // Every char must be one latin-1 byte; Buffer would silently truncate others.
  if (/[^\u0000-\u00ff]/.test(text)) throw new PickleDataError('_codecs.encode: text is not latin-1');
  const buffer = Buffer.from(text, 'latin1');
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/** `bytes()` / `bytes(b)` / `bytearray(b)` / `bytearray(s, 'latin-1')`: the only forms pickle writes. */
function bytesFrom(kind: 'bytes' | 'bytearray', args: PyValue[]): Uint8Array {
  if (args.length === 0) return new Uint8Array(0);
  if (args.length === 1 && args[0] instanceof Uint8Array) return args[0];
  if (kind === 'bytearray' && args.length === 2) return latin1Bytes(args[0], args[1]);
  throw new PickleDataError(`${kind}(): unsupported arguments (${args.map(pyTypeName).join(', ')})`);
}

/** REDUCE / NEWOBJ: calls the allowed global `callable` with `args`. */
export function callGlobal(callable: PyValue, args: PyValue[], maxBytes: number): PyValue {
  if (!(callable instanceof PyGlobal)) throw new PickleDataError(`cannot call a ${pyTypeName(callable)}`);
  const kind = ALLOWED.get(callable.qualifiedName);
  switch (kind) {
    case 'reconstruct':
      return reconstructArray(args);
    case 'dtype':
      return makeDType(args);
    case 'scalar':
      return scalar(args);
    case 'frombuffer':
      return frombuffer(args, maxBytes);
    case 'codecs.encode':
      return latin1Bytes(args[0] ?? null, args[1]);
    case 'bytes':
    case 'bytearray':
      return bytesFrom(kind, args);
    default:
      throw new PickleDataError(`calling ${callable.qualifiedName} directly is not supported`);
  }
}

/** BUILD: sets the state of an object made by REDUCE; only numpy arrays and dtypes have one. */
export function applyBuild(target: PyValue, state: PyValue, maxBytes: number): void {
  if (target instanceof NdArray) setArrayState(target, state, maxBytes);
  else if (target instanceof DType) setDTypeState(target, state);
  else throw new PickleDataError(`cannot set the state of a ${pyTypeName(target)}`);
}
