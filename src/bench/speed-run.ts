/**
 * One measurement of `npm run bench` (bench/speed.ts), in a process of its own so that its peak RSS
 * is its own: loads a dataset pickle, trains the paper preset full batch (as the reference does)
 * for warm-up + timed epochs, then scores every case in chunks. The engine is DEEPSPHERE_BLAS's.
 *
 *   node dist/bench/speed-run.js FILE.pkl --epochs E [--warmup W] [--threads N]
 *
 * Prints one JSON line (SpeedRun).
 */
import { parseArgs } from 'node:util';
import { scoreChunks } from '../detect/scoring.js';
import { describeEngine, getGemm, setGemmThreads } from '../engine/backend.js';
import { loadDataset } from '../io/dataset-file.js';
import { PAPER_OPTIONS } from '../train/options.js';
import { trainDeepSphere } from '../train/trainer.js';

export interface SpeedRun {
  engine: string;
  /** Mean wall time of the timed (post-warm-up) training epochs. */
  msPerEpoch: number;
  /** Cases per second through scoring (distances, errors, tails), best of SCORING_PASSES. */
  scoreCasesPerSecond: number;
  /** Peak resident set of the whole process, data included. */
  peakRssBytes: number;
}

/** Scoring is short: the best of a few passes is a steadier figure on a shared machine. */
const SCORING_PASSES = 3;
const SCORING_CHUNK = 256;

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      epochs: { type: 'string' },
      warmup: { type: 'string', default: '1' },
      threads: { type: 'string' },
    },
  });
  const file = positionals[0];
  const epochs = Number(values.epochs);
  const warmup = Number(values.warmup);
  if (file === undefined || !(epochs >= 1) || !(warmup >= 0)) throw new Error('usage: speed-run.js FILE.pkl --epochs E [--warmup W] [--threads N]');
  if (values.threads !== undefined) setGemmThreads(Number(values.threads));
  const gemm = getGemm();
  const dataset = loadDataset(file);
  const [cases, steps, nodes] = dataset.shape;
  const shape = { steps, features: nodes * nodes, hidden: PAPER_OPTIONS.hidden };

  let timedFrom = 0;
  const { params, history } = await trainDeepSphere(
    { data: dataset.data, cases, shape },
    { ...PAPER_OPTIONS, epochs: warmup + epochs },
    gemm,
    ({ epoch, elapsedSeconds }) => {
      if (epoch === warmup) timedFrom = elapsedSeconds;
    },
  );
  if (history.loss.length !== warmup + epochs) throw new Error(`training stopped early: ${history.stoppedEarly}`);

  let bestScoring = Infinity;
  for (let pass = 0; pass < SCORING_PASSES; pass++) {
    const started = performance.now();
    for (const chunk of scoreChunks(params, undefined, dataset.data, cases, { reconstruct: false, chunkSize: SCORING_CHUNK, gemm })) {
      if (chunk.count === 0) throw new Error('empty chunk');
    }
    bestScoring = Math.min(bestScoring, performance.now() - started);
  }

  const run: SpeedRun = {
    engine: describeEngine(gemm),
    msPerEpoch: ((history.seconds - timedFrom) * 1000) / epochs,
    scoreCasesPerSecond: cases / (bestScoring / 1000),
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
  };
  process.stdout.write(`${JSON.stringify(run)}\n`);
}

await main();
