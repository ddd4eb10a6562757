/**
 * How well a trained model finds the known anomalies of a labelled dataset, at both levels.
 * Positive class = anomalous. Case ranking metrics use the model's continuous case score (d - r for
 * the paper's model); the nested ones use |X - X^| per cell, in the data's units. One pass over the data in chunks: the residual tensor is never held whole.
 */
import type { Dataset } from '../io/dataset.js';
import { DEFAULT_CHUNK_SIZE, type DeepSphereModel, type ScoreOptions } from '../detect/model.js';
import { averagePrecision, classificationMetrics, rocAuc } from './metrics.js';
import { NestedMetricsAccumulator } from './nested-metrics.js';

export interface Evaluation {
  /** Every field null when the data has no labels. */
  case: { accuracy: number | null; precision: number | null; recall: number | null; f1: number | null; rocAuc: number | null; prAuc: number | null };
  /** Each null when the data lacks what it needs: rmse needs `diff`, rocAuc needs `diff` and labels. */
  nested: { rmse: number | null; rocAuc: number | null };
}

export function evaluateModel(model: DeepSphereModel, dataset: Dataset, options: ScoreOptions = {}): Evaluation {
  const [cases, steps, nodes] = dataset.shape;
  const caseSize = steps * nodes * nodes;
  const { labels: truth, diff } = dataset;
  const nested = diff ? new NestedMetricsAccumulator(caseSize, nodes, diff, (k) => truth?.[k] === 1) : null;
  const scores = new Float64Array(cases);
  const labels = new Uint8Array(cases);
  const residual = new Float32Array(Math.min(options.chunkSize ?? DEFAULT_CHUNK_SIZE, cases) * caseSize);
  for (const chunk of model.chunks(dataset, { ...options, reconstruct: nested !== null })) {
    const chunkResult = model.chunkScores(chunk);
    scores.set(chunkResult.scores, chunk.first);
    labels.set(chunkResult.labels, chunk.first);
    if (nested && chunk.reconstruction) {
      const offset = chunk.first * caseSize;
      for (let k = 0; k < chunk.count * caseSize; k++) residual[k] = dataset.data[offset + k] - chunk.reconstruction[k];
      nested.add(chunk.first, residual, chunk.count);
    }
  }
  const nestedResult = nested ? nested.result() : { rmse: null, rocAuc: null };
  return { case: caseMetrics(truth, scores, labels), nested: truth ? nestedResult : { rmse: nestedResult.rmse, rocAuc: null } };
}

/** The case-level metrics of continuous `scores` and hard `labels` against `truth` (all null without truth). */
export function caseMetrics(truth: ArrayLike<number> | undefined, scores: ArrayLike<number>, labels: ArrayLike<number>): Evaluation['case'] {
  if (!truth) return { accuracy: null, precision: null, recall: null, f1: null, rocAuc: null, prAuc: null };
  return { ...classificationMetrics(truth, labels), rocAuc: rocAuc(truth, scores), prAuc: averagePrecision(truth, scores) };
}
