import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateDynamicNetworks } from '../data/generate.js';
import { jsGemm } from '../engine/gemm-js.js';
import { fit } from '../train/fit.js';
import { evaluateModel } from './evaluate.js';
import { averagePrecision, classificationMetrics, rocAuc } from './metrics.js';

const train = generateDynamicNetworks({ cases: 50, steps: 4, nodes: 5, seed: 21 });
const data = generateDynamicNetworks({ cases: 40, steps: 4, nodes: 5, seed: 22, ratio: 0.25 });
const model = await fit(train, { epochs: 3, hidden: 4, gemm: jsGemm });

test('evaluate agrees with the metrics computed from score() and the dense residual', () => {
  const evaluation = evaluateModel(model, data, { chunkSize: 9, gemm: jsGemm });
  const { scores, labels, residuals } = model.score(data, { residuals: true, gemm: jsGemm });
  const truth = data.labels!;
  assert.deepEqual(evaluation.case, { ...classificationMetrics(truth, labels), rocAuc: rocAuc(truth, scores), prAuc: averagePrecision(truth, scores) });
  // dense truth tensor, as the original builds it
  const caseSize = 4 * 25;
  const trueDiff = new Float64Array(40 * caseSize);
  const { diff } = data;
  for (let k = 0; k < diff!.value.length; k++) {
    trueDiff[diff!.caseIndex[k] * caseSize + diff!.t[k] * 25 + diff!.i[k] * 5 + diff!.j[k]] = diff!.value[k];
  }
  let squared = 0;
  const cellScores: number[] = [];
  const cellTruth: number[] = [];
  for (let c = 0; c < trueDiff.length; c++) {
    squared += (residuals![c] - trueDiff[c]) ** 2;
    if (truth[Math.floor(c / caseSize)] === 1) {
      cellScores.push(Math.abs(residuals![c]));
      cellTruth.push(trueDiff[c] !== 0 ? 1 : 0);
    }
  }
  assert.ok(Math.abs(evaluation.nested.rmse! - Math.sqrt(squared / trueDiff.length)) < 1e-9);
  assert.equal(evaluation.nested.rocAuc, rocAuc(cellTruth, cellScores));
});

test('missing labels or diff give null fields, not an error', () => {
  const noLabels = evaluateModel(model, { data: data.data, shape: data.shape, diff: data.diff }, { gemm: jsGemm });
  assert.deepEqual(noLabels.case, { accuracy: null, precision: null, recall: null, f1: null, rocAuc: null, prAuc: null });
  assert.equal(noLabels.nested.rocAuc, null);
  assert.ok(noLabels.nested.rmse! > 0);
  const noDiff = evaluateModel(model, { data: data.data, shape: data.shape, labels: data.labels }, { gemm: jsGemm });
  assert.ok(noDiff.case.rocAuc !== null);
  assert.deepEqual(noDiff.nested, { rmse: null, rocAuc: null });
});
