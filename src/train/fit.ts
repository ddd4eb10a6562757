/**
 * fit(dataset, options) -> DeepSphereModel: the library's training entry point. Unsupervised:
 * the dataset's labels and diff are never read. Steps: standardise the inputs (if the preset does),
 * train the network, then calibrate scores and cells on the training cases (see calibrate.ts).
 */
import { UserError } from '../errors.js';
import { describeEngine, getGemm } from '../engine/backend.js';
import type { Gemm } from '../engine/gemm.js';
import type { Dataset } from '../io/dataset.js';
import { CASE_SCORE_KINDS } from '../detect/calibration.js';
import { DeepSphereModel } from '../detect/model.js';
import { fitRobustScaling, scaleInput } from '../detect/input-scaling.js';
import { parseThreshold } from '../detect/threshold.js';
import { defaultMemoryBudget } from '../memory.js';
import { checkWorkingSet, trainingWorkingSet } from '../model/working-set.js';
import { calibrateModel } from './calibrate.js';
import { CENTRE_RULES } from './centre.js';
import { DEFAULT_PRESET, PRESET_NAMES, PRESETS, type PresetName, type TrainOptions } from './options.js';
import type { ProgressListener } from './progress.js';
import type { TrainingObjective } from './objective.js';
import { trainDeepSphere } from './trainer.js';

export interface FitOptions extends Partial<TrainOptions> {
  /** Defaults for every option not given: 'robust' (default) or 'paper' (the original exactly). */
  preset?: PresetName;
  /** Called after every epoch (e.g. stderrProgress()). */
  onEpoch?: ProgressListener;
  /** Matrix-product engine; default: the best available. */
  gemm?: Gemm;
  /** What training minimises (default 'deepsphere'; 'reconstruction' for the LSTM-AE baseline, see objective.ts). */
  objective?: TrainingObjective;
  /** Refuse (UserError) a run whose estimated working set exceeds this; default 75% of RAM. */
  maxMemoryBytes?: number;
}

/** Checks every option, naming the one at fault; returns the complete set (defaults: the preset's). */
export function resolveTrainOptions(options: FitOptions): TrainOptions & { preset: PresetName } {
  const preset = options.preset ?? DEFAULT_PRESET;
  if (!PRESET_NAMES.includes(preset)) throw new UserError(`preset: expected one of ${PRESET_NAMES.join(', ')}, got '${String(preset)}'`);
  const defaults = PRESETS[preset];
  const resolved = { ...defaults, preset } as TrainOptions & { preset: PresetName };
  for (const key of Object.keys(defaults) as (keyof TrainOptions)[]) {
    if (options[key] !== undefined) (resolved as unknown as Record<string, unknown>)[key] = options[key];
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
  check('cellThreshold', (v) => v > 0, 'a number > 0');
  if (resolved.reconstruction !== 'mean' && resolved.reconstruction !== 'weighted') throw new UserError(`reconstruction: expected mean or weighted, got '${String(resolved.reconstruction)}'`);
  if (!(CASE_SCORE_KINDS as readonly string[]).includes(resolved.caseScore)) throw new UserError(`caseScore: expected one of ${CASE_SCORE_KINDS.join(', ')}, got '${String(resolved.caseScore)}'`);
  if (!(CENTRE_RULES as readonly string[]).includes(resolved.centre)) throw new UserError(`centre: expected one of ${CENTRE_RULES.join(', ')}, got '${String(resolved.centre)}'`);
  if (typeof resolved.standardize !== 'boolean') throw new UserError(`standardize: expected true or false, got '${String(resolved.standardize)}'`);
  parseThreshold(resolved.threshold, 'threshold');
  return resolved;
}

export async function fit(dataset: Dataset, options: FitOptions = {}): Promise<DeepSphereModel> {
  const resolved = resolveTrainOptions(options);
  const [cases, steps, nodes] = dataset.shape;
  if (cases < 1) throw new UserError('the training data has no cases');
  const shape = { steps, features: nodes * nodes, hidden: resolved.hidden };
  checkWorkingSet(
    `training (M=${cases}, T=${steps}, N=${nodes}, batch ${resolved.batchSize <= 0 ? cases : Math.min(resolved.batchSize, cases)})`,
    trainingWorkingSet({ shape, cases, batchSize: resolved.batchSize, standardize: resolved.standardize }),
    options.maxMemoryBytes ?? defaultMemoryBudget(),
    'use a smaller --batch-size, fewer cases or nodes, or raise --max-memory',
  );
  const gemm = options.gemm ?? getGemm();
  const caseSize = steps * nodes * nodes;
  const scaling = resolved.standardize ? fitRobustScaling(dataset.data, cases, caseSize) : undefined;
  let inputs = dataset.data;
  if (scaling) {
    inputs = new Float32Array(dataset.data.length);
    scaleInput(scaling, dataset.data, inputs);
  }
  const objective = options.objective ?? 'deepsphere';
  const { params, history } = await trainDeepSphere({ data: inputs, cases, shape, objective }, resolved, gemm, options.onEpoch);
  const calibration = calibrateModel(params, scaling, dataset.data, cases, resolved.caseScore, gemm);
  const { tolerance, hidden, preset, caseScore, threshold, cellThreshold, ...training } = resolved;
  return new DeepSphereModel(
    params,
    { steps, nodes, hidden, tolerance, preset, caseScore, threshold, cellThreshold, training: { ...training, objective } },
    { ...history, engine: describeEngine(gemm) },
    {
      ...(dataset.nodeNames ? { nodeNames: dataset.nodeNames } : {}),
      ...(dataset.stepSeconds !== undefined ? { stepSeconds: dataset.stepSeconds } : {}),
    },
    scaling,
    calibration,
  );
}
