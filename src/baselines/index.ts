import { UserError } from '../errors.js';
import type { Dataset } from '../io/dataset.js';
import { flagAboveThreshold } from './contamination.js';
import { IsolationForest, type IsolationForestOptions } from './iforest.js';
import { LocalOutlierFactor, type LofOptions } from './lof.js';
import type { Baseline } from './types.js';

/**
 * Classic case-level baselines on DeepSphere's data path: each case's T x N x N values flattened
 * into one vector, fitted on the training file, scored on the test file, labelled by the
 * contamination rule. Metrics are left to the caller (src/eval/metrics.ts), as for the model.
 */

export const BASELINE_METHODS = ['lof', 'iforest'] as const;
export type BaselineMethod = (typeof BASELINE_METHODS)[number];

/** Every method reads `contamination` (default 0.1) and only its own other options. */
export type BaselineOptions = LofOptions & IsolationForestOptions;

export interface BaselineResult {
  method: BaselineMethod;
  /** One per test case, higher = more anomalous (LOF: the local outlier factor; iforest: 2^(-E[h]/c)). */
  scores: Float64Array;
  /** One per test case: 1 = anomalous (score > threshold), 0 = normal. */
  predicted: Uint8Array;
  /** From the training scores at the contamination quantile (sklearn's -offset_). */
  threshold: number;
}

export function createBaseline(method: BaselineMethod, options: BaselineOptions = {}): Baseline {
  switch (method) {
    case 'lof':
      return new LocalOutlierFactor({ neighbors: options.neighbors, contamination: options.contamination });
    case 'iforest':
      return new IsolationForest({
        trees: options.trees, maxSamples: options.maxSamples, contamination: options.contamination, seed: options.seed,
      });
    default:
      throw new UserError(`baseline: unknown method '${String(method)}', expected one of ${BASELINE_METHODS.join(', ')}`);
  }
}

/** Fits `method` on `train`'s cases and scores and labels `test`'s; labels in the files are not used. */
export function runBaseline(method: BaselineMethod, train: Dataset, test: Dataset, options: BaselineOptions = {}): BaselineResult {
  checkSameShape(train, test);
  const [trainCount, steps, nodes] = train.shape;
  const testCount = test.shape[0];
  const baseline = createBaseline(method, options);
  baseline.fit(train.data, trainCount, steps * nodes * nodes);
  const scores = baseline.score(test.data, testCount);
  const threshold = baseline.threshold();
  return { method, scores, predicted: flagAboveThreshold(scores, threshold), threshold };
}

/** Refuses a test file whose cases differ in T or N from the training file's. */
export function checkSameShape(train: Dataset, test: Dataset): void {
  const [, steps, nodes] = train.shape;
  const [, testSteps, testNodes] = test.shape;
  if (steps !== testSteps || nodes !== testNodes) {
    throw new UserError(
      `baseline: training cases have ${steps} steps x ${nodes} nodes, test cases ${testSteps} steps x ${testNodes} nodes`,
    );
  }
}
