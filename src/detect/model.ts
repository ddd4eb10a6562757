/**
 * A trained DeepSphere model: parameters, the settings it was trained with, its training history
 * and the dataset metadata (node names) it was trained on. The public detector API, like PyOD's:
 * `fit` (src/train/fit.ts) makes one, `score` / `detect` use it, `save` / `loadModel` persist it.
 */
import { UserError } from '../errors.js';
import type { Gemm } from '../engine/gemm.js';
import { getGemm } from '../engine/backend.js';
import type { Dataset } from '../io/dataset.js';
import type { Params } from '../model/index.js';
import { detectCases, type Detection, type DetectOptions } from './detection.js';
import { loadModelFile, saveModelFile } from './model-file.js';
import { scoreChunks, type ScoredChunk } from './scoring.js';

/** What a model needs to know to score data; saved with it. */
export interface ModelConfig {
  /** T: snapshots per case. */
  steps: number;
  /** N: nodes per snapshot (D = N*N features). */
  nodes: number;
  /** H: LSTM hidden size. */
  hidden: number;
  /** A case is anomalous iff d > r (1 + tolerance) (the paper's rule; default 0.1). */
  tolerance: number;
  /** The training settings, for the record (epochs, batch size, lr, lambda, gamma, keep prob, seed). */
  training: Record<string, number | string>;
}

/** Loss and radius after each epoch (the loss is the mean over the epoch's batches). */
export interface TrainingHistory {
  loss: number[];
  radius: number[];
  /** Why training ended before its epochs, if it did. */
  stoppedEarly?: string;
  /** Wall-clock seconds spent training. */
  seconds: number;
  /** The GEMM engine used, e.g. "openblas 0.3.21 (2 threads)". */
  engine?: string;
}

/** Dataset metadata kept with the model, so outputs can name nodes even for data without names. */
export interface ModelMetadata {
  nodeNames?: string[];
  stepSeconds?: number;
}

export interface ScoreOptions {
  /** Cases scored per forward pass (memory is proportional to it); default 256. */
  chunkSize?: number;
  /** Also return the full residual tensor X - X^ (M, T, N, N); default false. */
  residuals?: boolean;
  /** Matrix-product engine; default: the best available (see engine/backend.ts). */
  gemm?: Gemm;
}

/** Case-level answers for every case of a dataset. */
export interface CaseScores {
  /** d_i = ||z_i - c||. */
  distances: Float64Array;
  /** d_i - r: positive outside the sphere; the ranking score. */
  scores: Float64Array;
  /** 1 = anomalous (d_i > r (1 + tolerance)), 0 = normal. */
  labels: Uint8Array;
  /** Mean squared reconstruction error per case. */
  errors: Float64Array;
  /** Residuals X - X^, row-major (M, T, N, N), when asked for. */
  residuals?: Float32Array;
}

export const DEFAULT_CHUNK_SIZE = 256;

export class DeepSphereModel {
  constructor(
    readonly params: Params<Float32Array>,
    readonly config: ModelConfig,
    readonly history: TrainingHistory,
    readonly metadata: ModelMetadata = {},
  ) {}

  /** r in the paper (its sign is irrelevant: the loss and the rule use r^2 and |r|). */
  get radius(): number {
    return Math.abs(this.params.radius[0]);
  }

  /** The distance beyond which a case is anomalous: r (1 + tolerance). */
  get distanceThreshold(): number {
    return this.radius * (1 + this.config.tolerance);
  }

  /** Refuses data whose T or N differ from the model's; `source` names the data in the message. */
  checkCompatible(dataset: Dataset, source = 'data'): void {
    const [, steps, nodes] = dataset.shape;
    const { steps: T, nodes: N } = this.config;
    if (steps !== T || nodes !== N) {
      throw new UserError(`${source}: the model was trained on ${T} steps x ${N} nodes, the data has ${steps} steps x ${nodes} nodes`);
    }
  }

  /**
   * Streams the dataset through the network, `chunkSize` cases at a time: distances, errors and
   * (when `reconstruct`) the reconstruction X^ of each chunk. The chunk's buffers are reused.
   */
  *chunks(dataset: Dataset, options: { reconstruct: boolean; chunkSize?: number; gemm?: Gemm }): Generator<ScoredChunk> {
    this.checkCompatible(dataset);
    yield* scoreChunks(this.params, dataset.data, dataset.shape[0], {
      reconstruct: options.reconstruct,
      chunkSize: options.chunkSize ?? DEFAULT_CHUNK_SIZE,
      gemm: options.gemm ?? getGemm(),
    });
  }

  /** Case-level scores and labels for every case (and the residual tensor if asked). */
  score(dataset: Dataset, options: ScoreOptions = {}): CaseScores {
    const cases = dataset.shape[0];
    const caseSize = dataset.shape[1] * dataset.shape[2] * dataset.shape[3];
    const distances = new Float64Array(cases);
    const errors = new Float64Array(cases);
    const residuals = options.residuals ? new Float32Array(cases * caseSize) : undefined;
    for (const chunk of this.chunks(dataset, { ...options, reconstruct: true })) {
      distances.set(chunk.distances.subarray(0, chunk.count), chunk.first);
      errors.set(chunk.errors.subarray(0, chunk.count), chunk.first);
      if (residuals && chunk.reconstruction) {
        const offset = chunk.first * caseSize;
        for (let k = 0; k < chunk.count * caseSize; k++) {
          residuals[offset + k] = dataset.data[offset + k] - chunk.reconstruction[k];
        }
      }
    }
    const { scores, labels } = this.label(distances);
    return { distances, scores, labels, errors, ...(residuals ? { residuals } : {}) };
  }

  /** scores = d - r and labels = [d > r (1 + tolerance)] for the given distances. */
  label(distances: ArrayLike<number>): { scores: Float64Array; labels: Uint8Array } {
    const r = this.radius;
    const cut = this.distanceThreshold;
    const scores = Float64Array.from(distances, (d) => d - r);
    const labels = Uint8Array.from(distances, (d) => (d > cut ? 1 : 0));
    return { scores, labels };
  }

  /** Case-level and nested-level answers: per case its score and label, and for anomalous cases the deviating cells, nodes and steps. */
  detect(dataset: Dataset, options: DetectOptions & ScoreOptions = {}): Detection {
    return detectCases(this, dataset, options);
  }

  /** Writes the model to `path` atomically (one versioned, checksummed file). */
  save(path: string): void {
    saveModelFile(path, this);
  }
}

/** Reads a model written by `save`; a corrupted, truncated or foreign file is refused with a UserError naming it. */
export function loadModel(path: string): DeepSphereModel {
  const { params, config, history, metadata } = loadModelFile(path);
  return new DeepSphereModel(params, config, history, metadata);
}
