/**
 * A trained model on disk: one checkpoint file (src/io/checkpoint.ts: versioned, checksummed JSON
 * header + aligned float32 tensors). The metadata holds the config, the training history, the
 * dataset metadata and the case-score calibration; the tensors are the parameters under their
 * PARAM_NAMES plus the input scaling and calibration arrays. Weights are plain float32 whatever
 * engine trained them, so a model trained with OpenBLAS loads with the portable engine.
 */
import { UserError } from '../errors.js';
import { loadCheckpoint, saveCheckpoint, type Tensor } from '../io/checkpoint.js';
import { paramTensors, zeroParams, type Params } from '../model/index.js';
import { CASE_SCORE_KINDS, needsScoreCalibration, type ScoreCalibration } from './calibration.js';
import type { InputScaling } from './input-scaling.js';
import type { ModelCalibration, ModelConfig, ModelMetadata, TrainingHistory } from './model.js';

export const MODEL_KIND = 'deepsphere-model';
/** Version of the meta layout below (the container has its own format version). */
const MODEL_SCHEMA = 2;

export interface ModelParts {
  params: Params<Float32Array>;
  config: ModelConfig;
  history: TrainingHistory;
  metadata: ModelMetadata;
  scaling: InputScaling | undefined;
  calibration: ModelCalibration;
}

interface ModelMeta {
  schema: number;
  config: ModelConfig;
  history: TrainingHistory;
  metadata: ModelMetadata;
  scoreCalibration?: ScoreCalibration;
}

/** The non-parameter tensors, by name; each optional one is saved only when the model has it. */
const EXTRA = {
  inputCentre: 'input.centre',
  inputScale: 'input.scale',
  trainingScores: 'calibration.trainingScores',
  cellMedian: 'calibration.cellMedian',
  cellScale: 'calibration.cellScale',
} as const;

export function saveModelFile(path: string, parts: ModelParts): void {
  const { scaling, calibration } = parts;
  const meta: ModelMeta = {
    schema: MODEL_SCHEMA, config: parts.config, history: parts.history, metadata: parts.metadata,
    ...(calibration.scores ? { scoreCalibration: calibration.scores } : {}),
  };
  const vector = (name: string, data: Float32Array): Tensor => ({ name, shape: [data.length], data });
  const tensors: Tensor[] = paramTensors(parts.params).map(({ name, shape, data }) => ({ name, shape, data }));
  tensors.push(vector(EXTRA.trainingScores, calibration.trainingScores));
  if (scaling) tensors.push(vector(EXTRA.inputCentre, scaling.centre), vector(EXTRA.inputScale, scaling.scale));
  if (calibration.cells) tensors.push(vector(EXTRA.cellMedian, calibration.cells.median), vector(EXTRA.cellScale, calibration.cells.scale));
  saveCheckpoint(path, { kind: MODEL_KIND, meta, tensors });
}

export function loadModelFile(path: string): ModelParts {
  const checkpoint = loadCheckpoint(path, MODEL_KIND);
  function fail(problem: string): never {
    throw new UserError(`${path}: ${problem}`);
  }
  const meta = checkpoint.meta as Partial<ModelMeta> | null;
  if (meta === null || typeof meta !== 'object') fail('model metadata missing');
  if (meta.schema !== MODEL_SCHEMA) fail(`model schema ${String(meta.schema)} is not the one this deepsphere reads (${MODEL_SCHEMA}); retrain the model`);
  const config = meta.config as ModelConfig;
  for (const key of ['steps', 'nodes', 'hidden'] as const) {
    if (!Number.isInteger(config?.[key]) || config[key] < 1) fail(`config.${key} must be a positive integer`);
  }
  for (const key of ['tolerance', 'cellThreshold'] as const) {
    if (typeof config[key] !== 'number' || !(config[key] >= 0)) fail(`config.${key} must be a number >= 0`);
  }
  if (!(CASE_SCORE_KINDS as readonly string[]).includes(config.caseScore)) fail(`config.caseScore '${String(config.caseScore)}' is unknown`);
  if (needsScoreCalibration(config.caseScore) && !meta.scoreCalibration) fail(`the ${config.caseScore} case score needs its calibration, which is missing`);

  const byName = new Map(checkpoint.tensors.map((t) => [t.name, t]));
  const take = (name: string, length: number): Float32Array => {
    const stored = byName.get(name) ?? fail(`tensor '${name}' missing`);
    if (stored.data.length !== length) fail(`tensor '${name}' holds ${stored.data.length} values, the config implies ${length}`);
    byName.delete(name);
    return stored.data;
  };
  const optional = (name: string, length: number) => (byName.has(name) ? take(name, length) : undefined);

  const params = zeroParams({ steps: config.steps, features: config.nodes * config.nodes, hidden: config.hidden }, Float32Array);
  for (const target of paramTensors(params)) target.data.set(take(target.name, target.data.length));
  const caseSize = config.steps * config.nodes * config.nodes;
  const storedScores = byName.get(EXTRA.trainingScores) ?? fail(`tensor '${EXTRA.trainingScores}' missing`);
  const trainingScores = take(EXTRA.trainingScores, storedScores.data.length);
  const centre = optional(EXTRA.inputCentre, caseSize);
  const scale = optional(EXTRA.inputScale, caseSize);
  if ((centre === undefined) !== (scale === undefined)) fail('input scaling is incomplete');
  const cellMedian = optional(EXTRA.cellMedian, caseSize);
  const cellScale = optional(EXTRA.cellScale, caseSize);
  if ((cellMedian === undefined) !== (cellScale === undefined)) fail('cell calibration is incomplete');
  const extra = [...byName.keys()][0];
  if (extra !== undefined) fail(`unexpected tensor '${extra}'`);
  return {
    params,
    config,
    history: meta.history ?? { loss: [], radius: [], seconds: 0 },
    metadata: meta.metadata ?? {},
    scaling: centre && scale ? { centre, scale } : undefined,
    calibration: {
      trainingScores,
      ...(meta.scoreCalibration ? { scores: meta.scoreCalibration } : {}),
      ...(cellMedian && cellScale ? { cells: { median: cellMedian, scale: cellScale } } : {}),
    },
  };
}
