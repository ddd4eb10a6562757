import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Temp files still being written; removed if the process is interrupted before the rename. */
const pendingTempFiles = new Set<string>();
let signalHandlersInstalled = false;

function installSignalCleanup(): void {
  if (signalHandlersInstalled) return;
  signalHandlersInstalled = true;
  const cleanupAndExit = (signal: NodeJS.Signals) => {
    for (const file of pendingTempFiles) rmSync(file, { force: true });
    // 128 + signal number, as a shell reports it (SIGINT 2 -> 130, SIGTERM 15 -> 143).
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', cleanupAndExit);
  process.once('SIGTERM', cleanupAndExit);
}

function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
}

/**
 * Writes `chunks` to `path` atomically: everything goes to a temp file in the same directory,
 * which is fsynced and then renamed over `path`. On any error (or Ctrl-C) the temp file is removed,
 * so `path` is either the old file or the complete new one, never half-written.
 */
export function writeFileAtomic(path: string, chunks: Uint8Array | string | Iterable<Uint8Array | string>): void {
  installSignalCleanup();
  const temp = tempPathFor(path);
  pendingTempFiles.add(temp);
  let fd: number | undefined;
  try {
    fd = openSync(temp, 'w', 0o644);
    const parts = typeof chunks === 'string' || chunks instanceof Uint8Array ? [chunks] : chunks;
    for (const part of parts) {
      const bytes = typeof part === 'string' ? Buffer.from(part, 'utf8') : part;
      let offset = 0;
      while (offset < bytes.byteLength) offset += writeSync(fd, bytes, offset, bytes.byteLength - offset);
    }
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temp, path);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    rmSync(temp, { force: true });
    throw error;
  } finally {
    pendingTempFiles.delete(temp);
  }
}
