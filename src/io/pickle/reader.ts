/**
 * A pickle virtual machine for protocols 2-5 as CPython writes them, that evaluates nothing:
 * opcodes build plain values, and the few callables it knows (globals.ts) are TypeScript
 * re-implementations. Large byte payloads (array data) stay zero-copy views into the input.
 */
import { UserError } from '../../errors.js';
import { HIGHEST_PROTOCOL, Op, opcodeName } from './opcodes.js';
import { PickleDataError, PyTuple, type PyDict, type PyValue, pyTypeName } from './values.js';
import { RefusedGlobalError, applyBuild, callGlobal, resolveGlobal } from './globals.js';
import { defaultMaxBytes } from './ndarray.js';

export interface ParsePickleOptions {
  /** Name for error messages, usually the file path. */
  source?: string;
  /** Largest array (in bytes) accepted; default 75% of physical memory. */
  maxBytes?: number;
}

/** Thrown inside the loop; `parsePickle` turns it into a UserError naming the source and offset. */
class FormatError extends Error {}

/** Cursor over the input with bounds-checked little-endian reads. */
class Input {
  pos = 0;
  /** A plain Uint8Array even when given a Buffer, so that byte values come back as plain views too. */
  readonly bytes: Uint8Array;
  readonly view: DataView;
  readonly text: Buffer;
  constructor(source: Uint8Array) {
    this.bytes = new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
    this.view = new DataView(source.buffer, source.byteOffset, source.byteLength);
    this.text = Buffer.from(source.buffer, source.byteOffset, source.byteLength);
  }
  need(count: number): number {
    const start = this.pos;
    if (count > this.bytes.byteLength - start) {
      throw new FormatError(`truncated pickle: needs ${count} more bytes at byte ${start}, only ${this.bytes.byteLength - start} left`);
    }
    this.pos = start + count;
    return start;
  }
  u8(): number {
    return this.bytes[this.need(1)];
  }
  u16(): number {
    return this.view.getUint16(this.need(2), true);
  }
  u32(): number {
    return this.view.getUint32(this.need(4), true);
  }
  i32(): number {
    return this.view.getInt32(this.need(4), true);
  }
  u64(): number {
    const value = this.view.getBigUint64(this.need(8), true);
    // A length beyond 2^53 cannot be in a real file; make `need` report it as truncation.
    return value > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(value);
  }
  bytesOf(length: number): Uint8Array {
    const start = this.need(length);
    return this.bytes.subarray(start, start + length);
  }
  utf8(length: number): string {
    const start = this.need(length);
    return this.text.toString('utf8', start, start + length);
  }
  /** GLOBAL's newline-terminated module / name. */
  line(): string {
    const end = this.bytes.indexOf(0x0a, this.pos);
    if (end < 0) throw new FormatError(`truncated pickle: unterminated GLOBAL name at byte ${this.pos}`);
    const text = this.text.toString('utf8', this.pos, end);
    this.pos = end + 1;
    return text;
  }
}

/** Little-endian two's-complement integer of LONG1 / LONG4, as a number when exact. */
function decodeLong(bytes: Uint8Array): number | bigint {
  if (bytes.length === 0) return 0;
  let hex = '';
  for (let k = bytes.length - 1; k >= 0; k--) hex += bytes[k].toString(16).padStart(2, '0');
  let value = BigInt(`0x${hex}`);
  if (bytes[bytes.length - 1] & 0x80) value -= 1n << BigInt(8 * bytes.length);
  const asNumber = Number(value);
  return Number.isSafeInteger(asNumber) ? asNumber : value;
}

/** Parses one pickle from `bytes` and returns its value. Throws UserError for anything malformed or refused. */
export function parsePickle(bytes: Uint8Array, options: ParsePickleOptions = {}): PyValue {
  const source = options.source ?? '<pickle>';
  // Protocols 2-5 always start with PROTO; checking it first gives a plain answer for other files.
  if (bytes.byteLength === 0) throw new UserError(`${source}: empty file, not a pickle`);
  if (bytes[0] !== Op.PROTO) {
    throw new UserError(
      `${source}: not a pickle of protocol 2 or later (expected byte 0x80 first, found 0x${bytes[0].toString(16).padStart(2, '0')})`,
    );
  }
  try {
    return run(new Input(bytes), options.maxBytes ?? defaultMaxBytes());
  } catch (error) {
    if (error instanceof FormatError || error instanceof PickleDataError) throw new UserError(`${source}: ${error.message}`);
    throw error;
  }
}

function run(input: Input, maxBytes: number): PyValue {
  const stack: PyValue[] = [];
  const marks: number[] = [];
  // An array, not a Map: MEMOIZE / BINGET are a third of all opcodes and index lookups are cheaper.
  const memo: PyValue[] = [];
  let memoSize = 0;
  // The current mark fences the stack: popping below it is an underflow, as in CPython.
  let fence = 0;
  let offset = 0;
  let code = 0;
  const bytes = input.bytes;
  const end = bytes.byteLength;

  const fail = (message: string): never => {
    throw new FormatError(`${message} at byte ${offset} (opcode ${opcodeName(code)})`);
  };
  const pop = (): PyValue => (stack.length > fence ? (stack.pop() as PyValue) : fail('stack underflow'));
  const top = (): PyValue => (stack.length > fence ? stack[stack.length - 1] : fail('stack underflow'));
  const popMark = (): PyValue[] => {
    const mark = marks.pop();
    if (mark === undefined) return fail('stack underflow (no MARK)');
    fence = marks.length > 0 ? marks[marks.length - 1] : 0;
    return stack.splice(mark);
  };
  const popString = (): string => {
    const value = pop();
    return typeof value === 'string' ? value : fail(`expected a str, got ${pyTypeName(value)}`);
  };
  const popArgs = (): PyValue[] => {
    const value = pop();
    return value instanceof PyTuple ? value.items : fail(`expected an argument tuple, got ${pyTypeName(value)}`);
  };
  const list = (): PyValue[] => {
    const value = top();
    return Array.isArray(value) ? value : fail(`expected a list, got ${pyTypeName(value)}`);
  };
  const dict = (): PyDict => {
    const value = top();
    return value instanceof Map ? value : fail(`expected a dict, got ${pyTypeName(value)}`);
  };
  const memoGet = (index: number): PyValue => {
    const value = index < memo.length ? memo[index] : undefined;
    return value === undefined ? fail(`memo entry ${index} is missing`) : value;
  };
  const memoPut = (index: number, value: PyValue): void => {
    if (memo[index] === undefined) memoSize++; // MEMOIZE's index is len(memo), as in CPython
    memo[index] = value;
  };
  const setItems = (target: PyDict, items: PyValue[]): void => {
    if (items.length % 2 !== 0) fail('odd number of items for a dict');
    for (let k = 0; k < items.length; k += 2) target.set(items[k], items[k + 1]);
  };

  try {
    for (;;) {
      offset = input.pos;
      if (offset >= end) throw new FormatError(`truncated pickle: ends at byte ${offset} without a STOP opcode`);
      code = bytes[offset];
      input.pos = offset + 1;
      switch (code) {
        case Op.PROTO: {
          const protocol = input.u8();
          if (protocol > HIGHEST_PROTOCOL) fail(`unsupported pickle protocol ${protocol}`);
          break;
        }
        case Op.FRAME:
          // Frames only batch reads; the content is the same opcode stream. Check the length is there.
          if (input.u64() > end - input.pos) fail('truncated pickle: frame runs past the end');
          break;
        case Op.STOP:
          return pop();
        case Op.MARK:
          fence = stack.length;
          marks.push(fence);
          break;
        case Op.POP:
          pop();
          break;
        case Op.POP_MARK:
          popMark();
          break;
        case Op.DUP:
          stack.push(top());
          break;
        case Op.NONE:
          stack.push(null);
          break;
        case Op.NEWTRUE:
          stack.push(true);
          break;
        case Op.NEWFALSE:
          stack.push(false);
          break;
        case Op.BININT:
          stack.push(input.i32());
          break;
        case Op.BININT1:
          stack.push(input.u8());
          break;
        case Op.BININT2:
          stack.push(input.u16());
          break;
        case Op.LONG1:
          stack.push(decodeLong(input.bytesOf(input.u8())));
          break;
        case Op.LONG4: {
          const length = input.i32();
          if (length < 0) fail('negative LONG4 length');
          stack.push(decodeLong(input.bytesOf(length)));
          break;
        }
        case Op.BINFLOAT:
          stack.push(input.view.getFloat64(input.need(8), false)); // big-endian, unlike everything else
          break;
        case Op.SHORT_BINUNICODE:
          stack.push(input.utf8(input.u8()));
          break;
        case Op.BINUNICODE:
          stack.push(input.utf8(input.u32()));
          break;
        case Op.BINUNICODE8:
          stack.push(input.utf8(input.u64()));
          break;
        case Op.SHORT_BINBYTES:
          stack.push(input.bytesOf(input.u8()));
          break;
        case Op.BINBYTES:
          stack.push(input.bytesOf(input.u32()));
          break;
        case Op.BINBYTES8:
        case Op.BYTEARRAY8:
          stack.push(input.bytesOf(input.u64()));
          break;
        case Op.NEXT_BUFFER:
          fail('the pickle refers to out-of-band buffers (protocol 5 buffer_callback); save it without buffer_callback');
          break;
        case Op.READONLY_BUFFER:
          // Marks the buffer on top read-only; ours are never written to.
          if (!(top() instanceof Uint8Array)) fail('expected a buffer');
          break;
        case Op.EMPTY_LIST:
          stack.push([]);
          break;
        case Op.APPEND: {
          const value = pop();
          list().push(value);
          break;
        }
        case Op.APPENDS: {
          const items = popMark();
          const target = list();
          for (const item of items) target.push(item); // no push(...items): huge spreads overflow the call stack
          break;
        }
        case Op.EMPTY_TUPLE:
          stack.push(new PyTuple([]));
          break;
        case Op.TUPLE:
          stack.push(new PyTuple(popMark()));
          break;
        case Op.TUPLE1:
          stack.push(new PyTuple([pop()]));
          break;
        case Op.TUPLE2: {
          const second = pop();
          stack.push(new PyTuple([pop(), second]));
          break;
        }
        case Op.TUPLE3: {
          const third = pop();
          const second = pop();
          stack.push(new PyTuple([pop(), second, third]));
          break;
        }
        case Op.EMPTY_DICT:
          stack.push(new Map());
          break;
        case Op.SETITEM: {
          const value = pop();
          const key = pop();
          dict().set(key, value);
          break;
        }
        case Op.SETITEMS: {
          const items = popMark();
          setItems(dict(), items);
          break;
        }
        case Op.BINPUT:
          memoPut(input.u8(), top());
          break;
        case Op.LONG_BINPUT:
          memoPut(input.u32(), top());
          break;
        case Op.MEMOIZE:
          memoPut(memoSize, top());
          break;
        case Op.BINGET:
          stack.push(memoGet(input.u8()));
          break;
        case Op.LONG_BINGET:
          stack.push(memoGet(input.u32()));
          break;
        case Op.GLOBAL: {
          const module = input.line();
          stack.push(resolveGlobal(module, input.line()));
          break;
        }
        case Op.STACK_GLOBAL: {
          const name = popString();
          stack.push(resolveGlobal(popString(), name));
          break;
        }
        case Op.REDUCE:
        case Op.NEWOBJ: {
          // NEWOBJ is cls.__new__(cls, *args); for the allowed classes that is the same as calling them.
          const args = popArgs();
          stack.push(callGlobal(pop(), args, maxBytes));
          break;
        }
        case Op.BUILD: {
          const state = pop();
          applyBuild(top(), state, maxBytes);
          break;
        }
        default:
          throw new FormatError(`unknown or unsupported opcode ${opcodeName(code)} at byte ${offset}`);
      }
    }
  } catch (error) {
    // A refusal names the global, which says more than its position; other value errors get the offset.
    if (error instanceof PickleDataError && !(error instanceof RefusedGlobalError)) {
      throw new PickleDataError(`${error.message} at byte ${offset}`);
    }
    throw error;
  }
}
