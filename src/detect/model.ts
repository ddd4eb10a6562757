/**
 * A trained DeepSphere model: parameters, the settings it was trained with, its input scaling and
 * calibration, its training history and the dataset metadata (node names) it was trained on. The
 * public detector API, like PyOD's: `fit` (src/train/fit.ts) makes one, `score` / `detect` use it,
 * `save` / `loadModel` persist it.
 */
import { UserError } from '../errors.js';
import type { Gemm } from '../engine/gemm.js';
import { getGemm } from '../engine/backend.js';
import type { Dataset } from '../io/dataset.js';
import { defaultMemoryBudget } from '../memory.js';
import type { Params } from '../model/index.js';
import { checkWorkingSet, scoringWorkingSet } from '../model/working-set.js';
import { caseScore, type CaseScoreKind, type CellCalibration, type ScoreCalibration } from './calibration.js';
import { detectCases, type Detection, type DetectOptions } from './detection.js';
import type { InputScaling } from './input-scaling.js';
import { loadModelFile, saveModelFile } from './model-file.js';
import { scoreChunks, type ScoredChunk } from './scoring.js';
import { applyThreshold, formatThreshold, parseThreshold, resolveThreshold, type ResolvedThreshold, type ThresholdSpec } from './threshold.js';

/** What a model needs to know to score data; saved with it. */
export interface ModelConfig {
  /** T: snapshots per case. */
  steps: number;
  /** N: nodes per snapshot (D = N*N features). */
  nodes: number;
  /** H: LSTM hidden size. */
  hidden: number;
  /** The sphere rule's tolerance: d > r (1 + tolerance) (paper: 0.1). */
  tolerance: number;
  /** The preset it was trained with ('robust' or 'paper'). */
  preset: string;
  caseScore: CaseScoreKind;
  /** The case threshold rule, e.g. 'sphere' or 'zscore:5' (see threshold.ts). */
  threshold: string;
  /** Cells with |robust z| of their residual above this are flagged anomalous. */
  cellThreshold: number;
  /** The training settings, for the record. */
  training: Record<string, number | string | boolean>;
}

/** Statistics of the training cases, against which scores and thresholds are calibrated. */
export interface ModelCalibration {
  /** Robust location/scale of distance, error and tail error ('combined' and 'average' case scores only). */
  scores?: ScoreCalibration;
  /** The case score of every training case (resolves quantile / contamination / zscore thresholds). */
  trainingScores: Float32Array;
  /** Per-cell robust location/scale of the residual (nested flags). */
  cells?: CellCalibration;
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
  /** Refuse (UserError) scoring whose estimated working set exceeds this; default 75% of RAM. */
  maxMemoryBytes?: number;
}

/** Case-level answers for every case of a dataset. */
export interface CaseScores {
  /** d_i = ||z_i - c||. */
  distances: Float64Array;
  /** The model's case score (higher = more anomalous): d - r ('sphere'), a calibrated combination, or e. */
  scores: Float64Array;
  /** 1 = anomalous by the model's threshold, 0 = normal. */
  labels: Uint8Array;
  /** Mean squared reconstruction error per case (in the network's units). */
  errors: Float64Array;
  /** Residuals X - X^, row-major (M, T, N, N), in the data's units, when asked for. */
  residuals?: Float32Array;
}

export const DEFAULT_CHUNK_SIZE = 256;

export class DeepSphereModel {
  /** The case threshold, resolved against the training scores. */
  readonly threshold: ResolvedThreshold;

  constructor(
    readonly params: Params<Float32Array>,
    readonly config: ModelConfig,
    readonly history: TrainingHistory,
    readonly metadata: ModelMetadata,
    readonly scaling: InputScaling | undefined,
    readonly calibration: ModelCalibration,
  ) {
    this.threshold = resolveThreshold(parseThreshold(config.threshold, 'threshold'), calibration.trainingScores, {
      radius: this.radius, tolerance: config.tolerance,
    });
  }

  /** r in the paper (its sign is irrelevant: the loss and the rule use r^2 and |r|). */
  get radius(): number {
    return Math.abs(this.params.radius[0]);
  }

  /** The same model with another case threshold rule (e.g. chosen at detect time). */
  withThreshold(spec: ThresholdSpec | string, cellThreshold = this.config.cellThreshold): DeepSphereModel {
    const config = { ...this.config, threshold: formatThreshold(typeof spec === 'string' ? parseThreshold(spec) : spec), cellThreshold };
    return new DeepSphereModel(this.params, config, this.history, this.metadata, this.scaling, this.calibration);
  }

  /** Refuses data whose T or N differ from the model's; `source` names the data in the message. */
  checkCompatible(dataset: Dataset, source = 'data'): void {
    const [, steps, nodes] = dataset.shape;
    const { steps: T, nodes: N } = this.config;
    if (steps !== T || nodes !== N) {
      throw new UserError(`${source}: the model was trained on ${T} steps x ${N} nodes, the data has ${steps} steps x ${nodes} nodes`);
    }
  }

  /** Refuses scoring `dataset` whose working set would exceed the budget (default 75% of RAM). */
  private checkMemory(dataset: Dataset, chunkSize: number, keepResiduals: boolean, budgetBytes = defaultMemoryBudget()): void {
    const [cases, steps, nodes] = dataset.shape;
    checkWorkingSet(
      `scoring (M=${cases}, T=${steps}, N=${nodes}, chunks of ${chunkSize})`,
      scoringWorkingSet(this.params.shape, cases, chunkSize, keepResiduals),
      budgetBytes,
      keepResiduals ? 'leave out the full residual output, use a smaller --chunk-size, or raise --max-memory' : 'use a smaller --chunk-size, or raise --max-memory',
    );
  }

  /**
   * Streams the dataset through the network, `chunkSize` cases at a time: distances, errors and
   * (when `reconstruct`) the reconstruction X^ of each chunk. The chunk's buffers are reused.
   */
  *chunks(dataset: Dataset, options: { reconstruct: boolean; chunkSize?: number; gemm?: Gemm; maxMemoryBytes?: number }): Generator<ScoredChunk> {
    this.checkCompatible(dataset);
    const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
    this.checkMemory(dataset, chunkSize, false, options.maxMemoryBytes);
    yield* scoreChunks(this.params, this.scaling, dataset.data, dataset.shape[0], {
      reconstruct: options.reconstruct,
      chunkSize,
      gemm: options.gemm ?? getGemm(),
    });
  }

  /** Case scores and labels of one chunk's cases. */
  chunkScores(chunk: ScoredChunk): { scores: Float64Array; labels: Uint8Array } {
    const { caseScore: kind } = this.config;
    const scores = Float64Array.from({ length: chunk.count }, (_, k) =>
      caseScore(kind, this.radius, this.calibration.scores, { distance: chunk.distances[k], error: chunk.errors[k], tail: chunk.tails[k] }));
    return { scores, labels: applyThreshold(this.threshold, chunk.distances.subarray(0, chunk.count), scores) };
  }

  /** Case-level scores and labels for every case (and the residual tensor if asked). */
  score(dataset: Dataset, options: ScoreOptions = {}): CaseScores {
    if (options.residuals) this.checkMemory(dataset, options.chunkSize ?? DEFAULT_CHUNK_SIZE, true, options.maxMemoryBytes);
    const cases = dataset.shape[0];
    const caseSize = dataset.shape[1] * dataset.shape[2] * dataset.shape[3];
    const result: CaseScores = {
      distances: new Float64Array(cases),
      scores: new Float64Array(cases),
      labels: new Uint8Array(cases),
      errors: new Float64Array(cases),
      ...(options.residuals ? { residuals: new Float32Array(cases * caseSize) } : {}),
    };
    for (const chunk of this.chunks(dataset, { ...options, reconstruct: options.residuals === true })) {
      const { scores, labels } = this.chunkScores(chunk);
      result.distances.set(chunk.distances.subarray(0, chunk.count), chunk.first);
      result.errors.set(chunk.errors.subarray(0, chunk.count), chunk.first);
      result.scores.set(scores, chunk.first);
      result.labels.set(labels, chunk.first);
      if (result.residuals && chunk.reconstruction) {
        const offset = chunk.first * caseSize;
        for (let k = 0; k < chunk.count * caseSize; k++) {
          result.residuals[offset + k] = dataset.data[offset + k] - chunk.reconstruction[k];
        }
      }
    }
    return result;
  }

  /** Robust z-score of a residual at `cell` (index within a case), against the training residuals. */
  cellScore(cell: number, residual: number): number {
    const standardised = this.scaling ? residual / this.scaling.scale[cell] : residual;
    const cells = this.calibration.cells;
    return cells ? (standardised - cells.median[cell]) / cells.scale[cell] : standardised;
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
  const { params, config, history, metadata, scaling, calibration } = loadModelFile(path);
  return new DeepSphereModel(params, config, history, metadata, scaling, calibration);
}
