/** The README's library example, run as written (through the package's own name and exports). */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { buildReportData, evaluateModel, fit, generateDynamicNetworks, loadDataset, loadModel, renderReportHtml, saveDatasetPickle } from 'deepsphere';
import { withTempDir } from './cli/testing.js';

test('README library example: fit, save, loadModel, score, detect, evaluate, report', async () => {
  await withTempDir('readme', async (dir) => {
    saveDatasetPickle(join(dir, 'train.pkl'), generateDynamicNetworks({ cases: 30, steps: 3, nodes: 4, seed: 1 }));
    saveDatasetPickle(join(dir, 'test.pkl'), generateDynamicNetworks({ cases: 20, steps: 3, nodes: 4, seed: 2, ratio: 0.3 }));
    const train = loadDataset(join(dir, 'train.pkl'));
    const model = await fit(train, { epochs: 2, hidden: 3 });
    model.save(join(dir, 'model.dsm'));
    const test_ = loadDataset(join(dir, 'test.pkl'));
    const { scores, labels, distances, errors } = loadModel(join(dir, 'model.dsm')).score(test_);
    assert.equal(scores.length, 20);
    assert.equal(labels.length, 20);
    assert.ok(distances.every((d) => d >= 0) && errors.every((e) => e > 0));
    const detection = model.detect(test_, { top: 20 });
    assert.equal(detection.results.length, 20);
    const metrics = evaluateModel(model, test_);
    assert.equal(typeof metrics.case.rocAuc, 'number');
    assert.equal(typeof metrics.nested.rmse, 'number');
    const html = renderReportHtml(buildReportData(model, test_, { maxDetail: 50 }));
    assert.match(html, /^<!doctype html>/);
  });
});
