/** The methods the accuracy bench compares: DeepSphere's presets and the built-in baselines. */
import type { Dataset } from '../io/dataset.js';
import { runBaseline, type BaselineMethod } from '../baselines/index.js';
import { caseMetrics, evaluateModel, type Evaluation } from '../eval/evaluate.js';
import { fit } from '../train/fit.js';

export type Method = (train: Dataset, test: Dataset) => Promise<Evaluation>;

const deepsphere = (preset: 'robust' | 'paper'): Method => async (train, test) => evaluateModel(await fit(train, { preset }), test);

const baseline = (method: BaselineMethod): Method => async (train, test) => {
  const { scores, predicted } = runBaseline(method, train, test);
  return { case: caseMetrics(test.labels, scores, predicted), nested: { rmse: null, rocAuc: null } };
};

export const METHODS = {
  robust: deepsphere('robust'),
  paper: deepsphere('paper'),
  lof: baseline('lof'),
  iforest: baseline('iforest'),
} satisfies Record<string, Method>;

export type MethodName = keyof typeof METHODS;
