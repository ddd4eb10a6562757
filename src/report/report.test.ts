/**
 * The report's data and page, without a browser: which cases get detail and what they hold (the
 * observed and expected tensors read back exactly), the fallback when nothing is flagged, safe
 * embedding of names that look like markup, and the size target for 500 cases of 10 x 20.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildReportData } from './build.js';
import { jsonForScript, renderReportHtml, scriptSafe } from './html.js';
import type { ReportData } from './report-data.js';
import { reportFixture } from './testing.js';

const decode = (base64: string) => {
  const bytes = Buffer.from(base64, 'base64');
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
};

/** The JSON embedded in a rendered page, parsed back. */
function embeddedData(html: string): ReportData {
  const match = /<script type="application\/json" id="report-data">([^]*?)<\/script>/.exec(html);
  assert.ok(match, 'the page embeds its data');
  return JSON.parse(match[1]) as ReportData;
}

const fixture = reportFixture({ cases: 80, steps: 5, nodes: 6 });

test('detail goes to the highest-scoring flagged cases, with their exact observed and expected tensors', async () => {
  // A threshold that flags a fifth of the training cases, so that more cases are flagged than shown.
  const model = (await fixture).model.withThreshold('contamination:0.2');
  const { dataset } = await fixture;
  const report = buildReportData(model, dataset, { maxDetail: 4, generated: new Date(0) });
  const { scores, labels } = model.score(dataset);
  assert.equal(report.cases, 80);
  assert.deepEqual(report.labels, Array.from(labels));
  assert.equal(report.scores.length, 80);
  assert.ok(report.flagged > 4, `${report.flagged} flagged: the fixture should flag more than the cap`);
  assert.equal(report.flaggedNotShown, report.flagged - 4);
  const flaggedByScore = Array.from(scores.keys()).filter((k) => labels[k] === 1).sort((a, b) => scores[b] - scores[a]);
  assert.deepEqual(report.details.map((d) => d.index), flaggedByScore.slice(0, 4));

  const { residuals } = model.score(dataset, { residuals: true });
  const caseSize = 5 * 6 * 6;
  for (const d of report.details) {
    const observed = decode(d.observed);
    const expected = decode(d.expected);
    assert.equal(observed.length, caseSize);
    assert.deepEqual(observed, dataset.data.subarray(d.index * caseSize, (d.index + 1) * caseSize));
    for (let k = 0; k < caseSize; k++) {
      assert.ok(Math.abs(observed[k] - expected[k] - residuals![d.index * caseSize + k]) < 1e-4, `residual of case ${d.index} cell ${k}`);
    }
    assert.equal(d.label, 1);
    assert.equal(d.truth, dataset.labels![d.index]);
    assert.equal(d.time, dataset.caseTimes![d.index]);
    assert.equal(d.stepTimes?.length, 5);
    assert.equal(d.nodeScores.length, 6);
    assert.equal(d.stepScores.length, 5);
    assert.equal(d.top[0].source, dataset.nodeNames![d.top[0].i]);
  }
  assert.ok(report.evaluation?.case.rocAuc !== null, 'labelled data has metrics');
  assert.equal(report.generated, '1970-01-01T00:00:00.000Z');
  assert.deepEqual(report.truth, Array.from(dataset.labels!));
  assert.equal(report.training.loss.length, 3);
});

test('when no case is flagged, the highest-scoring cases are still shown, as not flagged', async () => {
  const { model, dataset } = await fixture;
  const report = buildReportData(model.withThreshold('zscore:1000000'), dataset, { maxDetail: 3 });
  assert.equal(report.flagged, 0);
  assert.equal(report.flaggedNotShown, 0);
  const best = report.scores.map((s, k) => [s, k]).sort((a, b) => b[0] - a[0]).slice(0, 3).map(([, k]) => k);
  assert.deepEqual(report.details.map((d) => d.index), best);
  assert.ok(report.details.every((d) => d.label === 0 && d.top.length > 0));
});

test('data without labels has no metrics and no true labels', async () => {
  const { model, dataset } = await fixture;
  const { labels: _labels, diff: _diff, ...unlabelled } = dataset;
  const report = buildReportData(model, unlabelled, { maxDetail: 2 });
  assert.equal(report.evaluation, null);
  assert.equal(report.truth, undefined);
  assert.equal(report.details[0].truth, undefined);
});

test('names that look like markup cannot end the embedding script early', async () => {
  const { model, dataset } = await fixture;
  const hostile = dataset.nodeNames!.map((name, k) => (k === 0 ? '</script><script>alert(1)</script><!--' : name));
  const report = buildReportData(model, { ...dataset, nodeNames: hostile }, { maxDetail: 2, title: 'a </script> title' });
  const html = renderReportHtml(report);
  assert.equal(html.match(/<\/script>/gi)?.length, 2, 'only the data and the code scripts close');
  assert.deepEqual(embeddedData(html).nodeNames, hostile);
  assert.equal(embeddedData(html).title, 'a </script> title');
  assert.match(html, /<h1 id="title">a &#60;\/script&#62; title<\/h1>/);
  assert.equal(scriptSafe('if (a </script> b) x = "<!--"'), 'if (a <\\/script> b) x = "<\\!--"');
  assert.equal(jsonForScript({ a: '<b>' }), '{"a":"\\u003cb>"}');
});

test('the page is self-contained: uPlot, styles and script inline, nothing fetched', async () => {
  const { model, dataset } = await fixture;
  const html = renderReportHtml(buildReportData(model, dataset, { maxDetail: 2 }));
  assert.match(html, /^<!doctype html>/);
  assert.match(html, /\.uplot/, 'uPlot stylesheet');
  assert.match(html, /uPlot/, 'uPlot script');
  assert.match(html, /function drawHeatmap/, 'heatmap script');
  assert.doesNotMatch(html, /<(script|link|img)[^>]+(src|href)=/i, 'no external resources');
});

test('a report of 500 cases x 10 steps x 20 nodes stays under 10 MB', async () => {
  const { model, dataset } = await reportFixture({ cases: 500, steps: 10, nodes: 20 });
  // A loose threshold, so that the default 50 cases get full tensors: the worst case for size.
  const report = buildReportData(model.withThreshold('contamination:0.2'), dataset);
  assert.equal(report.details.length, 50);
  const bytes = Buffer.byteLength(renderReportHtml(report));
  assert.ok(bytes < 10 * 1024 * 1024, `${(bytes / 1024 / 1024).toFixed(2)} MB`);
});
