/**
 * An error caused by the user's input (a file, a flag, a value), as opposed to a bug.
 * The CLI prints its message as one line on stderr and exits non-zero, never a stack trace.
 * Messages should name the file and/or field at fault, e.g. `train.pkl: field 'data': expected 4 dimensions, got 3`.
 */
export class UserError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 2) {
    super(message);
    this.name = 'UserError';
    this.exitCode = exitCode;
  }
}
