/** What the trainer reports after each epoch. */
export interface EpochReport {
  epoch: number;
  epochs: number;
  loss: number;
  radius: number;
  elapsedSeconds: number;
}

export type ProgressListener = (report: EpochReport) => void;

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.max(0, Math.round(seconds));
  const minutes = Math.floor(s / 60);
  return minutes > 0 ? `${minutes}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

function describe(report: EpochReport): string {
  const { epoch, epochs, loss, radius, elapsedSeconds } = report;
  const eta = (elapsedSeconds / epoch) * (epochs - epoch);
  return `epoch ${epoch}/${epochs}  loss ${loss.toPrecision(5)}  radius ${radius.toPrecision(4)}  ETA ${formatDuration(eta)}`;
}

/**
 * Progress on stderr: a bar redrawn in place on a terminal, plain lines (about 10 per run,
 * plus the last epoch) when stderr is a file or pipe, nothing when quiet.
 */
export function stderrProgress(options: { quiet?: boolean } = {}): ProgressListener {
  if (options.quiet) return () => {};
  const stream = process.stderr;
  if (!stream.isTTY) {
    return (report) => {
      const every = Math.max(1, Math.round(report.epochs / 10));
      if (report.epoch % every === 0 || report.epoch === report.epochs || report.epoch === 1) {
        stream.write(`${describe(report)}\n`);
      }
    };
  }
  let lastDraw = 0;
  return (report) => {
    const now = Date.now();
    const done = report.epoch === report.epochs;
    if (!done && now - lastDraw < 100) return; // redraw at most 10 times a second
    lastDraw = now;
    const width = 24;
    const filled = Math.round((report.epoch / report.epochs) * width);
    const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
    stream.write(`\r${bar} ${describe(report)}\x1b[K${done ? '\n' : ''}`);
  };
}
