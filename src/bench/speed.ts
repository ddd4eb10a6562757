/**
 * npm run bench — training and scoring speed against the PyTorch reference, on the same generated
 * data in the same run, plus pickle load time against Python's pickle.load.
 *
 * For every shape (M, T, N): the data is generated and saved as a pickle; then, in each of
 * `--rounds` rounds, ours runs once per available GEMM engine (each in a child process: its own
 * peak RSS) and the reference once per thread count (1 and all cores), back to back, so machine
 * load hits both alike. The best of the rounds is kept (min ms/epoch, max cases/s) and the ratio
 * is ours / the reference's best thread count. Prints a table, writes bench-results/speed.json.
 *
 *   node dist/bench/speed.js [--shapes 1000x20x20,...] [--epochs E] [--rounds R] [--engines js,openblas]
 *                            [--threads N] [--no-reference] [--out FILE]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateDynamicNetworks } from '../data/generate.js';
import { ENGINE_NAMES, getGemm } from '../engine/backend.js';
import { writeFileAtomic } from '../io/atomic.js';
import { saveDatasetPickle } from '../io/dataset-file.js';
import { formatBytes } from '../memory.js';
import { PYTHON, timePickleLoad, writeFloat64Pickle } from './pickle-load.js';
import type { SpeedRun } from './speed-run.js';

interface BenchShape {
  cases: number;
  steps: number;
  nodes: number;
  /** Timed epochs (after one warm-up); fewer for the big shapes to keep the bench near 10 minutes. */
  epochs: number;
}

interface ReferenceRun {
  threads: number;
  msPerEpoch: number;
  scoreCasesPerSecond: number;
  peakRssBytes: number;
}

interface Row {
  shape: BenchShape;
  engine: string;
  ours: SpeedRun;
  /** Best over the reference's thread counts (null: reference skipped). */
  reference: { msPerEpoch: number; threads: number; scoreCasesPerSecond: number; peakRssBytes: number } | null;
  referenceByThreads: ReferenceRun[];
  trainRatio: number | null;
  scoreRatio: number | null;
}

const DEFAULT_SHAPES: BenchShape[] = [
  { cases: 1000, steps: 10, nodes: 20, epochs: 5 },
  { cases: 1000, steps: 20, nodes: 20, epochs: 4 },
  { cases: 1000, steps: 20, nodes: 50, epochs: 2 },
  { cases: 200, steps: 10, nodes: 100, epochs: 2 },
];
const PICKLE_SHAPE: [number, number, number, number] = [1000, 10, 20, 20]; // 32 MB as float64
const PICKLE_RUNS = 5;

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '..', '..');

const { values } = parseArgs({
  options: {
    shapes: { type: 'string' },
    epochs: { type: 'string' },
    rounds: { type: 'string', default: '2' },
    engines: { type: 'string', default: ENGINE_NAMES.join(',') },
    threads: { type: 'string', default: String(availableParallelism()) },
    'no-reference': { type: 'boolean', default: false },
    'reference-dir': { type: 'string', default: join(repoRoot, '..', 'shared', 'reference') },
    out: { type: 'string', default: join(repoRoot, 'bench-results', 'speed.json') },
  },
});

function parseShapes(text: string | undefined): BenchShape[] {
  if (text === undefined) return DEFAULT_SHAPES;
  return text.split(',').map((part) => {
    const [cases, steps, nodes] = part.split('x').map(Number);
    if (![cases, steps, nodes].every((v) => Number.isInteger(v) && v > 0)) throw new Error(`--shapes: expected MxTxN, got '${part}'`);
    return { cases, steps, nodes, epochs: DEFAULT_SHAPES.find((s) => s.steps * s.nodes ** 2 >= steps * nodes ** 2)?.epochs ?? 2 };
  });
}

/** Engines that load here, each checked the way the child will pick it (DEEPSPHERE_BLAS). */
function availableEngines(names: string[]): string[] {
  const saved = process.env.DEEPSPHERE_BLAS;
  const usable = names.filter((name) => {
    process.env.DEEPSPHERE_BLAS = name;
    try {
      getGemm();
      return true;
    } catch (error) {
      process.stdout.write(`engine ${name}: skipped (${(error as Error).message})\n`);
      return false;
    }
  });
  if (saved === undefined) delete process.env.DEEPSPHERE_BLAS;
  else process.env.DEEPSPHERE_BLAS = saved;
  return usable;
}

/** Why the reference cannot run here, or null when it can. */
function referenceUnavailable(referenceDir: string): string | null {
  if (values['no-reference']) return '--no-reference';
  if (!existsSync(join(referenceDir, 'ref_deepsphere.py'))) return `no ${join(referenceDir, 'ref_deepsphere.py')}`;
  const probe = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
  return probe.status === 0 ? null : 'no torch';
}

function runJson<T>(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): T {
  const result = spawnSync(command, args, { encoding: 'utf8', env, maxBuffer: 1 << 20 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}): ${result.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  return JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '') as T;
}

function runOurs(file: string, shape: BenchShape, engine: string, threads: string): SpeedRun {
  return runJson<SpeedRun>(process.execPath, [join(here, 'speed-run.js'), file, '--epochs', String(shape.epochs), '--threads', threads],
    { ...process.env, DEEPSPHERE_BLAS: engine });
}

function runReference(referenceDir: string, file: string, shape: BenchShape, threads: number): ReferenceRun {
  const out = runJson<{ ms_per_epoch: number; score_cases_per_s: number; peak_rss_bytes: number }>(PYTHON, [
    join(repoRoot, 'scripts', 'bench-reference.py'), '--reference-dir', referenceDir, '--data', file,
    '--threads', String(threads), '--epochs', String(shape.epochs),
  ]);
  return { threads, msPerEpoch: out.ms_per_epoch, scoreCasesPerSecond: out.score_cases_per_s, peakRssBytes: out.peak_rss_bytes };
}

/** Keeps the better of two measurements of the same thing: faster epochs, faster scoring, larger peak RSS. */
function better<T extends { msPerEpoch: number; scoreCasesPerSecond: number; peakRssBytes: number }>(a: T | undefined, b: T): T {
  if (a === undefined) return b;
  return { ...a, msPerEpoch: Math.min(a.msPerEpoch, b.msPerEpoch), scoreCasesPerSecond: Math.max(a.scoreCasesPerSecond, b.scoreCasesPerSecond), peakRssBytes: Math.max(a.peakRssBytes, b.peakRssBytes) };
}

const label = (s: BenchShape) => `(${s.cases},${s.steps},${s.nodes}) D=${s.nodes ** 2}`;
const fixed = (v: number | null | undefined, digits = 0) => (v === null || v === undefined ? '-' : v.toFixed(digits));

function benchShape(shape: BenchShape, engines: string[], referenceDir: string | null, rounds: number, workDir: string): Row[] {
  const file = join(workDir, `bench-${shape.cases}x${shape.steps}x${shape.nodes}.pkl`);
  saveDatasetPickle(file, generateDynamicNetworks({ cases: shape.cases, steps: shape.steps, nodes: shape.nodes, seed: 1 }));
  const ours = new Map<string, SpeedRun>();
  const reference = new Map<number, ReferenceRun>();
  const referenceThreads = [...new Set([1, availableParallelism()])];
  for (let round = 0; round < rounds; round++) {
    for (const engine of engines) ours.set(engine, better(ours.get(engine), runOurs(file, shape, engine, values.threads)));
    if (referenceDir === null) continue;
    for (const threads of referenceThreads) {
      try {
        reference.set(threads, better(reference.get(threads), runReference(referenceDir, file, shape, threads)));
      } catch (error) { // e.g. out of memory on a big shape: the row keeps what did run
        process.stdout.write(`reference at ${label(shape)}, ${threads} thread(s): failed (${(error as Error).message})\n`);
      }
    }
  }
  rmSync(file, { force: true });
  const refRuns = [...reference.values()];
  const bestRef = refRuns.length === 0 ? null : refRuns.reduce((a, b) => (b.msPerEpoch < a.msPerEpoch ? b : a));
  const bestRefScoring = refRuns.length === 0 ? null : Math.max(...refRuns.map((r) => r.scoreCasesPerSecond));
  return engines.map((engine) => {
    const run = ours.get(engine) as SpeedRun;
    return {
      shape,
      engine: run.engine,
      ours: run,
      reference: bestRef && bestRefScoring !== null ? { msPerEpoch: bestRef.msPerEpoch, threads: bestRef.threads, scoreCasesPerSecond: bestRefScoring, peakRssBytes: bestRef.peakRssBytes } : null,
      referenceByThreads: refRuns,
      trainRatio: bestRef ? run.msPerEpoch / bestRef.msPerEpoch : null,
      scoreRatio: bestRefScoring !== null ? run.scoreCasesPerSecond / bestRefScoring : null,
    };
  });
}

function printRow(row: Row): void {
  const refThreads = row.referenceByThreads.map((r) => `${fixed(r.msPerEpoch)}@${r.threads}t`).join(' ');
  const cells = [
    label(row.shape).padEnd(24), row.engine.padEnd(28),
    fixed(row.ours.msPerEpoch).padStart(8), (refThreads || '-').padStart(18), fixed(row.trainRatio, 2).padStart(6),
    fixed(row.ours.scoreCasesPerSecond).padStart(9), fixed(row.reference?.scoreCasesPerSecond).padStart(9), fixed(row.scoreRatio, 1).padStart(6),
    formatBytes(row.ours.peakRssBytes).padStart(10), (row.reference ? formatBytes(row.reference.peakRssBytes) : '-').padStart(10),
  ];
  process.stdout.write(`${cells.join(' ')}\n`);
}

function main(): void {
  const shapes = parseShapes(values.shapes);
  if (values.epochs !== undefined) for (const shape of shapes) shape.epochs = Number(values.epochs);
  const rounds = Number(values.rounds);
  const engines = availableEngines(values.engines.split(',').map((name) => name.trim()));
  const unavailable = referenceUnavailable(values['reference-dir']);
  const referenceDir = unavailable === null ? values['reference-dir'] : null;
  const cpu = cpus()[0]?.model ?? 'unknown cpu';
  process.stdout.write(`speed bench: ${availableParallelism()} cores (${cpu}), ${formatBytes(totalmem())} RAM, node ${process.version}, ours with --threads ${values.threads}, best of ${rounds} rounds\n`);
  if (referenceDir === null) process.stdout.write(`reference: skipped (${unavailable})\n`);
  process.stdout.write('ratio = ours / reference (training: lower is better; scoring: higher is better). Reference: best of its thread counts.\n\n');
  process.stdout.write(`${'shape (M,T,N)'.padEnd(24)} ${'engine'.padEnd(28)} ${'ms/epoch'.padStart(8)} ${'ref ms/epoch'.padStart(18)} ${'ratio'.padStart(6)} ${'score c/s'.padStart(9)} ${'ref c/s'.padStart(9)} ${'ratio'.padStart(6)} ${'peak RSS'.padStart(10)} ${'ref RSS'.padStart(10)}\n`);

  const workDir = mkdtempSync(join(tmpdir(), 'deepsphere-bench-'));
  const rows: Row[] = [];
  try {
    for (const shape of shapes) {
      for (const row of benchShape(shape, engines, referenceDir, rounds, workDir)) {
        printRow(row);
        rows.push(row);
      }
    }
    const pickleFile = join(workDir, 'load-float64.pkl');
    writeFloat64Pickle(pickleFile, PICKLE_SHAPE);
    const pickle = timePickleLoad(pickleFile, PICKLE_RUNS);
    process.stdout.write(`\npickle load, ${PICKLE_SHAPE.join('x')} float64 (32 MB), median of ${PICKLE_RUNS} fresh processes:\n`);
    for (const [name, ms] of Object.entries(pickle)) process.stdout.write(`  ${name.padEnd(36)} ${ms.toFixed(1).padStart(8)} ms\n`);
    const python = pickle['python pickle.load (numpy imported)'];
    const ours = pickle['node loadDataset'];
    if (python !== undefined && ours !== undefined) process.stdout.write(`  ratio loadDataset / pickle.load (numpy imported): ${(ours / python).toFixed(2)}\n`);
    mkdirSync(dirname(values.out), { recursive: true });
    writeFileAtomic(values.out, `${JSON.stringify({
      date: new Date().toISOString(),
      machine: { cores: availableParallelism(), cpu, memoryBytes: totalmem(), node: process.version },
      threads: Number(values.threads),
      rounds,
      reference: referenceDir === null ? { skipped: unavailable } : { dir: referenceDir },
      rows,
      pickleLoadMs: { shape: PICKLE_SHAPE, dtype: 'float64', ...pickle },
    }, null, 2)}\n`);
    process.stdout.write(`\nwrote ${values.out}\n`);
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

main();
