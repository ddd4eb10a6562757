import { UserError } from '../errors.js';

/** The anomaly kinds the generator can inject; `outage` covers both a node dropping out and surging. */
export const ANOMALY_KINDS = ['burst', 'outage', 'new-links', 'phase'] as const;
export type AnomalyKind = (typeof ANOMALY_KINDS)[number];

export interface GenerateOptions {
  /** Number of cases M. */
  cases: number;
  /** Snapshots per case T. */
  steps: number;
  /** Nodes N of the network. */
  nodes: number;
  /** Share of anomalous cases; exactly round(ratio * cases) are anomalous. */
  ratio: number;
  /** Size of an injected jump (burst, surge, new link), in weight units. */
  magnitude: number;
  /** Standard deviation of the Gaussian noise added to every link weight. */
  noise: number;
  /** Number of communities in the network. */
  communities: number;
  /** Period of the rhythm, in steps. */
  period: number;
  /** Seeds the cases (rhythm, noise, anomalies). */
  seed: number;
  /** Seeds the network alone, so files made with different `seed` share one network. */
  graphSeed: number;
  /** Kinds to draw from, uniformly, for each anomalous case. */
  kinds: AnomalyKind[];
}

/**
 * Defaults match the example data (/work/shared/data): 1000 x 10 x 20 x 20, 10% anomalous,
 * jumps around 0.5, noise sd 0.05, 3 communities, a rhythm of 6 steps.
 */
export const DEFAULT_GENERATE_OPTIONS: Readonly<GenerateOptions> = Object.freeze({
  cases: 1000,
  steps: 10,
  nodes: 20,
  ratio: 0.1,
  magnitude: 0.5,
  noise: 0.05,
  communities: 3,
  period: 6,
  seed: 1,
  graphSeed: 7,
  kinds: [...ANOMALY_KINDS],
});

/** Typed arrays index with int32 in the diff, so the whole data set must stay below 2^31 cells. */
const MAX_CELLS = 2 ** 31 - 1;

/** Parses a comma-separated `--kinds` list; duplicates collapse so the draw stays uniform over kinds. */
export function parseKinds(text: string): AnomalyKind[] {
  const names = text
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (names.length === 0) throw new UserError(`--kinds: expected at least one of ${ANOMALY_KINDS.join(', ')}`);
  return uniqueKinds(names);
}

function uniqueKinds(names: readonly string[]): AnomalyKind[] {
  const kinds: AnomalyKind[] = [];
  for (const name of names) {
    if (!(ANOMALY_KINDS as readonly string[]).includes(name)) {
      throw new UserError(`--kinds: unknown kind '${name}' (expected ${ANOMALY_KINDS.join(', ')})`);
    }
    if (!kinds.includes(name as AnomalyKind)) kinds.push(name as AnomalyKind);
  }
  return kinds;
}

function requireInteger(flag: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `in [${min}, ${max}]`;
    throw new UserError(`${flag}: expected an integer ${range}, got ${value}`);
  }
}

function requireNumber(flag: string, value: number, min: number, max: number, minExclusive = false): void {
  const tooLow = minExclusive ? value <= min : value < min;
  if (!Number.isFinite(value) || tooLow || value > max) {
    const range = max === Infinity ? `${minExclusive ? '>' : '>='} ${min}` : `in [${min}, ${max}]`;
    throw new UserError(`${flag}: expected a number ${range}, got ${value}`);
  }
}

/** Fills in defaults and checks every option; errors name the CLI flag at fault. */
export function resolveGenerateOptions(partial: Partial<GenerateOptions> = {}): GenerateOptions {
  const options: GenerateOptions = { ...DEFAULT_GENERATE_OPTIONS, ...partial };
  requireInteger('--cases', options.cases, 1);
  requireInteger('--steps', options.steps, 1);
  requireInteger('--nodes', options.nodes, 2);
  requireInteger('--communities', options.communities, 1, options.nodes);
  requireInteger('--period', options.period, 2);
  requireInteger('--seed', options.seed, 0, 2 ** 32 - 1);
  requireInteger('--graph-seed', options.graphSeed, 0, 2 ** 32 - 1);
  requireNumber('--ratio', options.ratio, 0, 1);
  requireNumber('--magnitude', options.magnitude, 0, Infinity, true);
  requireNumber('--noise', options.noise, 0, Infinity);
  const cells = options.cases * options.steps * options.nodes * options.nodes;
  if (cells > MAX_CELLS) {
    throw new UserError(`--cases x --steps x --nodes^2 = ${cells} cells; at most ${MAX_CELLS} fit in one data set`);
  }
  if (options.kinds.length === 0) throw new UserError(`--kinds: expected at least one of ${ANOMALY_KINDS.join(', ')}`);
  options.kinds = uniqueKinds(options.kinds);
  if (options.ratio > 0 && options.steps < 2 && options.kinds.includes('phase')) {
    throw new UserError('--kinds: phase needs --steps >= 2 (drop it from --kinds or add steps)');
  }
  return options;
}
