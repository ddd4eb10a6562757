/** The methods the accuracy bench compares: DeepSphere's presets and the built-in baselines. */
import type { Dataset } from '../io/dataset.js';
import { evaluateBaseline, type ComparisonMethod } from '../baselines/evaluate.js';
import { evaluateModel, type Evaluation } from '../eval/evaluate.js';
import { fit } from '../train/fit.js';

export type Method = (train: Dataset, test: Dataset) => Promise<Evaluation>;

const deepsphere = (preset: 'robust' | 'paper'): Method => async (train, test) => evaluateModel(await fit(train, { preset }), test);

const baseline = (method: ComparisonMethod): Method => (train, test) => evaluateBaseline(method, train, test);

export const METHODS = {
  robust: deepsphere('robust'),
  paper: deepsphere('paper'),
  lof: baseline('lof'),
  iforest: baseline('iforest'),
  'lstm-ae': baseline('lstm-ae'),
} satisfies Record<string, Method>;

export type MethodName = keyof typeof METHODS;
