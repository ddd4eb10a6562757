import { UserError } from '../errors.js';

/** One line on stderr for every failure; the stack only with DEEPSPHERE_DEBUG=1. */
export function describeFailure(error: unknown): string {
  if (error instanceof UserError) return error.message;
  const err = error as NodeJS.ErrnoException;
  if (err && typeof err.code === 'string' && err.path) {
    const reasons: Record<string, string> = {
      ENOENT: 'no such file or directory',
      EACCES: 'permission denied',
      EISDIR: 'is a directory',
      ENOTDIR: 'not a directory',
      ENOSPC: 'no space left on device',
    };
    return `${err.path}: ${reasons[err.code] ?? err.message}`;
  }
  const message = err instanceof Error ? err.message : String(error);
  return `internal error: ${message.split('\n')[0]} (set DEEPSPHERE_DEBUG=1 for details)`;
}
