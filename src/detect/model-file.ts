/**
 * A trained model on disk: one checkpoint file (src/io/checkpoint.ts: versioned, checksummed JSON
 * header + aligned float32 tensors) whose metadata holds the config, the training history and the
 * dataset metadata, and whose tensors are the parameters under their PARAM_NAMES. Weights are
 * plain float32 whatever engine trained them, so a model trained with OpenBLAS loads with the
 * portable engine and vice versa.
 */
import { UserError } from '../errors.js';
import { loadCheckpoint, saveCheckpoint } from '../io/checkpoint.js';
import { PARAM_NAMES, paramTensors, zeroParams, type Params } from '../model/index.js';
import type { ModelConfig, ModelMetadata, TrainingHistory } from './model.js';

export const MODEL_KIND = 'deepsphere-model';
/** Version of the meta layout below (the container has its own format version). */
const MODEL_SCHEMA = 1;

export interface ModelParts {
  params: Params<Float32Array>;
  config: ModelConfig;
  history: TrainingHistory;
  metadata: ModelMetadata;
}

interface ModelMeta {
  schema: number;
  config: ModelConfig;
  history: TrainingHistory;
  metadata: ModelMetadata;
}

export function saveModelFile(path: string, parts: ModelParts): void {
  const meta: ModelMeta = { schema: MODEL_SCHEMA, config: parts.config, history: parts.history, metadata: parts.metadata };
  saveCheckpoint(path, {
    kind: MODEL_KIND,
    meta,
    tensors: paramTensors(parts.params).map(({ name, shape, data }) => ({ name, shape, data })),
  });
}

export function loadModelFile(path: string): ModelParts {
  const checkpoint = loadCheckpoint(path, MODEL_KIND);
  function fail(problem: string): never {
    throw new UserError(`${path}: ${problem}`);
  }
  const meta = checkpoint.meta as Partial<ModelMeta> | null;
  if (meta === null || typeof meta !== 'object') fail('model metadata missing');
  if (meta.schema !== MODEL_SCHEMA) fail(`model schema ${String(meta.schema)} is not the one this deepsphere reads (${MODEL_SCHEMA})`);
  const config = meta.config as ModelConfig;
  for (const key of ['steps', 'nodes', 'hidden'] as const) {
    if (!Number.isInteger(config?.[key]) || config[key] < 1) fail(`config.${key} must be a positive integer`);
  }
  if (typeof config.tolerance !== 'number' || !(config.tolerance >= 0)) fail('config.tolerance must be a number >= 0');
  const params = zeroParams({ steps: config.steps, features: config.nodes * config.nodes, hidden: config.hidden }, Float32Array);
  const byName = new Map(checkpoint.tensors.map((t) => [t.name, t]));
  for (const target of paramTensors(params)) {
    const stored = byName.get(target.name);
    if (!stored) fail(`tensor '${target.name}' missing`);
    if (stored.shape.join('x') !== target.shape.join('x')) {
      fail(`tensor '${target.name}' has shape [${stored.shape.join(', ')}], the config implies [${target.shape.join(', ')}]`);
    }
    target.data.set(stored.data);
  }
  const extra = checkpoint.tensors.find((t) => !(PARAM_NAMES as readonly string[]).includes(t.name));
  if (extra) fail(`unexpected tensor '${extra.name}'`);
  const history = meta.history ?? { loss: [], radius: [], seconds: 0 };
  return { params, config, history, metadata: meta.metadata ?? {} };
}
