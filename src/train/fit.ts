/**
 * fit(dataset, options) -> DeepSphereModel: the library's training entry point. Unsupervised:
 * the dataset's labels and diff are never read.
 */
import { UserError } from '../errors.js';
import { describeEngine, getGemm } from '../engine/backend.js';
import type { Gemm } from '../engine/gemm.js';
import type { Dataset } from '../io/dataset.js';
import { DeepSphereModel } from '../detect/model.js';
import { PAPER_OPTIONS, type TrainOptions } from './options.js';
import type { ProgressListener } from './progress.js';
import { trainDeepSphere } from './trainer.js';

export interface FitOptions extends Partial<TrainOptions> {
  /** Called after every epoch (e.g. stderrProgress()). */
  onEpoch?: ProgressListener;
  /** Matrix-product engine; default: the best available. */
  gemm?: Gemm;
}

/** Checks every option, naming the one at fault; returns the complete set (defaults: the paper's). */
export function resolveTrainOptions(options: Partial<TrainOptions>): TrainOptions {
  const resolved: TrainOptions = { ...PAPER_OPTIONS };
  for (const key of Object.keys(PAPER_OPTIONS) as (keyof TrainOptions)[]) {
    const value = options[key];
    if (value !== undefined) resolved[key] = value;
  }
  const check = (name: keyof TrainOptions, ok: (v: number) => boolean, expected: string) => {
    const v = resolved[name];
    if (typeof v !== 'number' || !Number.isFinite(v) || !ok(v)) throw new UserError(`${name}: expected ${expected}, got ${String(v)}`);
  };
  check('epochs', (v) => Number.isInteger(v) && v >= 1, 'an integer >= 1');
  check('batchSize', (v) => Number.isInteger(v) && v >= 0, 'an integer >= 0 (0 = full batch)');
  check('hidden', (v) => Number.isInteger(v) && v >= 1, 'an integer >= 1');
  check('learningRate', (v) => v > 0, 'a number > 0');
  check('lambda', (v) => v >= 0, 'a number >= 0');
  check('gamma', (v) => v >= 0, 'a number >= 0');
  check('tolerance', (v) => v >= 0, 'a number >= 0');
  check('keepProb', (v) => v > 0 && v <= 1, 'a number in (0, 1]');
  check('seed', (v) => Number.isInteger(v) && v >= 0, 'an integer >= 0');
  return resolved;
}

export async function fit(dataset: Dataset, options: FitOptions = {}): Promise<DeepSphereModel> {
  const resolved = resolveTrainOptions(options);
  const [cases, steps, nodes] = dataset.shape;
  if (cases < 1) throw new UserError('the training data has no cases');
  const gemm = options.gemm ?? getGemm();
  const shape = { steps, features: nodes * nodes, hidden: resolved.hidden };
  const { params, history } = await trainDeepSphere({ data: dataset.data, cases, shape }, resolved, gemm, options.onEpoch);
  const { tolerance, hidden, ...training } = resolved;
  return new DeepSphereModel(
    params,
    { steps, nodes, hidden, tolerance, training },
    { ...history, engine: describeEngine(gemm) },
    {
      ...(dataset.nodeNames ? { nodeNames: dataset.nodeNames } : {}),
      ...(dataset.stepSeconds !== undefined ? { stepSeconds: dataset.stepSeconds } : {}),
    },
  );
}
