/**
 * Every built-in baseline fitted on a training file and judged on a test file with the same
 * metrics as DeepSphere (eval/evaluate.ts): the classic detectors on flattened cases (case level
 * only: they reconstruct nothing) and the LSTM-AE (case and nested level, like the model).
 */
import { evaluateModel, caseMetrics, type Evaluation } from '../eval/evaluate.js';
import type { Dataset } from '../io/dataset.js';
import { UserError } from '../errors.js';
import { BASELINE_METHODS, checkSameShape, runBaseline, type BaselineOptions } from './index.js';
import { fitLstmAutoencoder, type LstmAutoencoderOptions } from './lstm-ae.js';

export const COMPARISON_METHODS = [...BASELINE_METHODS, 'lstm-ae'] as const;
export type ComparisonMethod = (typeof COMPARISON_METHODS)[number];

export async function evaluateBaseline(
  method: ComparisonMethod, train: Dataset, test: Dataset, options: BaselineOptions & LstmAutoencoderOptions = {},
): Promise<Evaluation> {
  if (method === 'lstm-ae') {
    checkSameShape(train, test);
    return evaluateModel(await fitLstmAutoencoder(train, options), test);
  }
  if (!(BASELINE_METHODS as readonly string[]).includes(method)) {
    throw new UserError(`baseline: unknown method '${String(method)}', expected one of ${COMPARISON_METHODS.join(', ')}`);
  }
  const { scores, predicted } = runBaseline(method, train, test, options);
  return { case: caseMetrics(test.labels, scores, predicted), nested: { rmse: null, rocAuc: null } };
}
