/**
 * Both levels of answers for a dataset: per case its score and label (case level) and, for the
 * anomalous cases (and optionally the highest-scoring ones), which cells deviate from the
 * reconstructed normal, by how much, and which nodes and time steps carry the deviation (nested
 * level). Names from the data (or the model) are attached, so answers read "BOS -> LGA at 14:00", not "(3, 7, 12)".
 */
import type { Dataset } from '../io/dataset.js';
import type { DeepSphereModel, ScoreOptions } from './model.js';
import { nodeScores, stepScores, topDeviations, type CellDeviation } from './nested.js';
import type { ResolvedThreshold } from './threshold.js';
import { stepStartTime } from './times.js';
import { cellCutoff } from './cell-flags.js';

export interface DetectOptions {
  /** Deviating cells listed per explained case (default 20). */
  top?: number;
  /**
   * Also explain the `explain` highest-scoring cases, flagged or not (default 0: the anomalous ones
   * only). Ranks the days of a data set whose sphere flags none, e.g. a model trained on real data.
   */
  explain?: number;
}

export const DEFAULT_TOP = 20;

/** A deviating cell, with node names and the step's start time when the data has them. */
export interface NamedCellDeviation extends CellDeviation {
  /** Robust z-score of the residual against the training cases' residuals at this cell. */
  z: number;
  /** |z| > the case's cell cutoff (the model's cell threshold, or higher: see cell-flags.ts). */
  anomalous: boolean;
  source?: string;
  target?: string;
  /** ISO start time of step t, when the case's start time and the step length are known. */
  time?: string;
}

export interface CaseDetection {
  index: number;
  /** d - r (> 0 outside the sphere). */
  score: number;
  /** d = ||z - c||. */
  distance: number;
  /** 1 = anomalous by the model's threshold. */
  label: 0 | 1;
  /** Mean squared reconstruction error. */
  error: number;
  /** ISO start time of the case, when known. */
  time?: string;
  /** Explained cases only (anomalous, or among the `explain` highest scores): the largest deviations |observed - expected|, largest first. */
  top?: NamedCellDeviation[];
  /**
   * Explained cases only: the |z| above which this case's cells are anomalous: the cell threshold,
   * or higher where the whole case's reconstruction drifts (see cell-flags.ts).
   */
  cellCutoff?: number;
  /** Explained cases only: how many cells have |z| above `cellCutoff`. */
  anomalousCells?: number;
  /** Explained cases only: per node, sum of |deviation| over its in- and out-edges, all steps. */
  nodeScores?: number[];
  /** Explained cases only: per time step, sum of |deviation| over its cells. */
  stepScores?: number[];
}

export interface Detection {
  cases: number;
  steps: number;
  nodes: number;
  /** r in the paper. */
  radius: number;
  /** The case rule (see threshold.ts) and, for the nested level, the |z| above which a cell is anomalous. */
  threshold: ResolvedThreshold & { cellThreshold: number };
  flagged: number;
  nodeNames?: string[];
  results: CaseDetection[];
}

export function detectCases(model: DeepSphereModel, dataset: Dataset, options: DetectOptions & ScoreOptions): Detection {
  const [cases, steps, nodes] = dataset.shape;
  const caseSize = steps * nodes * nodes;
  const top = options.top ?? DEFAULT_TOP;
  if (!Number.isInteger(top) || top < 0) throw new RangeError(`top must be an integer >= 0, got ${top}`);
  const explained = highestScoring(model, dataset, options.explain ?? 0, options);
  const names = dataset.nodeNames ?? model.metadata.nodeNames;
  const stepSeconds = dataset.stepSeconds ?? model.metadata.stepSeconds;
  const results: CaseDetection[] = [];
  for (const chunk of model.chunks(dataset, { ...options, reconstruct: true })) {
    const { scores, labels } = model.chunkScores(chunk);
    for (let k = 0; k < chunk.count; k++) {
      const index = chunk.first + k;
      const time = dataset.caseTimes?.[index];
      const result: CaseDetection = {
        index, score: scores[k], distance: chunk.distances[k], label: labels[k] === 1 ? 1 : 0, error: chunk.errors[k],
        ...(time !== undefined ? { time } : {}),
      };
      if ((result.label === 1 || explained.has(index)) && chunk.reconstruction) {
        const observed = dataset.data.subarray(index * caseSize, (index + 1) * caseSize);
        const expected = chunk.reconstruction.subarray(k * caseSize, (k + 1) * caseSize);
        const absZ = new Float64Array(caseSize);
        for (let cell = 0; cell < caseSize; cell++) absZ[cell] = Math.abs(model.cellScore(cell, observed[cell] - expected[cell]));
        const cutoff = cellCutoff(absZ, model.config.cellThreshold);
        result.top = topDeviations(observed, expected, nodes, top).map((cell) => {
          const z = model.cellScore((cell.t * nodes + cell.i) * nodes + cell.j, cell.deviation);
          return nameCell({ ...cell, z, anomalous: Math.abs(z) > cutoff }, names, time, stepSeconds);
        });
        result.cellCutoff = cutoff;
        result.anomalousCells = absZ.reduce((count, value) => count + (value > cutoff ? 1 : 0), 0);
        result.nodeScores = Array.from(nodeScores(observed, expected, nodes));
        result.stepScores = Array.from(stepScores(observed, expected, nodes));
      }
      results.push(result);
    }
  }
  return {
    cases, steps, nodes,
    radius: model.radius,
    threshold: { ...model.threshold, cellThreshold: model.config.cellThreshold },
    flagged: results.reduce((sum, r) => sum + r.label, 0),
    ...(names ? { nodeNames: names } : {}),
    results,
  };
}

/** Indices of the `count` highest-scoring cases (largest first), from a pass without reconstruction. */
function highestScoring(model: DeepSphereModel, dataset: Dataset, count: number, options: ScoreOptions): Set<number> {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`explain must be an integer >= 0, got ${count}`);
  if (count === 0) return new Set();
  const { scores } = model.score(dataset, { ...options, residuals: false });
  const ranked = Array.from(scores.keys()).sort((a, b) => scores[b] - scores[a] || a - b);
  return new Set(ranked.slice(0, count));
}

function nameCell(cell: Omit<NamedCellDeviation, 'source' | 'target' | 'time'>, names: string[] | undefined, caseTime: string | undefined, stepSeconds: number | undefined): NamedCellDeviation {
  const named: NamedCellDeviation = { ...cell };
  if (names) {
    named.source = names[cell.i];
    named.target = names[cell.j];
  }
  const time = caseTime !== undefined && stepSeconds !== undefined ? stepStartTime(caseTime, cell.t, stepSeconds) : undefined;
  if (time !== undefined) named.time = time;
  return named;
}
