/** deepsphere report (and demo's report) through the CLI: one HTML file; bad inputs refused in one line without leaving one. */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { generateDynamicNetworks } from '../../data/generate.js';
import { saveDatasetPickle } from '../../io/dataset-file.js';
import { assertOneLineFailure, runCli, withTempDir } from '../testing.js';

test('report writes a self-contained HTML page; bad inputs fail in one line and write nothing', async () => {
  await withTempDir('cli-report', (dir) => {
    const data = join(dir, 'data.pkl');
    saveDatasetPickle(data, generateDynamicNetworks({ cases: 30, steps: 4, nodes: 5, seed: 1 }));
    const model = join(dir, 'model.dsm');
    assert.equal(runCli(['train', '--data', data, '--model', model, '--epochs', '3', '--hidden', '4', '--quiet']).status, 0);

    const out = join(dir, 'report.html');
    const made = runCli(['report', '--model', model, '--data', data, '--out', out, '--max-detail', '3', '--threshold', 'contamination:0.2', '--title', 'Quick look']);
    assert.equal(made.status, 0, made.stderr);
    assert.match(made.stdout, /^30 cases, \d+ anomalous \(score > .*\), 3 shown in detail; wrote .*report\.html\n$/);
    const html = readFileSync(out, 'utf8');
    assert.match(html, /"title":"Quick look"/);
    assert.match(html, /"details":\[\{"index"/);

    const other = join(dir, 'other.pkl');
    saveDatasetPickle(other, generateDynamicNetworks({ cases: 5, steps: 3, nodes: 5, seed: 1 }));
    const bad = join(dir, 'bad.html');
    assertOneLineFailure(runCli(['report', '--model', model, '--data', data]), /^deepsphere: --out: required/);
    assertOneLineFailure(runCli(['report', '--model', model, '--data', data, '--out', bad, '--max-detail', '0']), /^deepsphere: --max-detail: expected an integer >= 1, got '0'/);
    assertOneLineFailure(runCli(['report', '--model', join(dir, 'missing.dsm'), '--data', data, '--out', bad]), /missing\.dsm: no such file/);
    assertOneLineFailure(runCli(['report', '--model', model, '--data', other, '--out', bad]), /other\.pkl: the model was trained on 4 steps x 5 nodes/);
    assertOneLineFailure(runCli(['report', '--model', model, '--data', data, '--out', join(dir, 'no-such-dir', 'r.html')]), /no-such-dir.*: no such file or directory/);
    assert.ok(!existsSync(bad));
    assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.tmp')), []);
  });
});

test('demo writes report.html next to its other outputs and says so', async () => {
  await withTempDir('cli-demo-report', (dir) => {
    const demo = runCli(['demo', '--out', dir, '--epochs', '1', '--hidden', '4', '--quiet']);
    assert.equal(demo.status, 0, demo.stderr);
    assert.match(demo.stdout, /5\. report: open .*report\.html in a browser/);
    assert.match(readFileSync(join(dir, 'report.html'), 'utf8'), /"title":"DeepSphere demo report"/);
  });
});
