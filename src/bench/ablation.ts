/**
 * node dist/bench/ablation.js — what each choice of the robust preset is worth: the preset, then
 * the preset with one choice switched back (or to an alternative), on generated scenarios (and on
 * a pair of dataset pickles, e.g. the example data); and the robust model under other thresholds.
 * Same metrics as bench:accuracy. Writes bench-results/ablation.json.
 *
 *   node dist/bench/ablation.js [--scenarios 'train share 10%,magnitude 0.3'] [--train FILE --test FILE]
 *                               [--variants robust,no-standardize,...] [--train-cases 1000] [--test-cases 500] [--out FILE]
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { generateDynamicNetworks } from '../data/generate.js';
import { describeEngine } from '../engine/backend.js';
import { evaluateModel, type Evaluation } from '../eval/evaluate.js';
import { writeFileAtomic } from '../io/atomic.js';
import type { Dataset } from '../io/dataset.js';
import { loadDataset } from '../io/dataset-file.js';
import { fit, type FitOptions } from '../train/fit.js';
import { SCENARIOS, scenarioOptions } from './scenarios.js';

/** Each variant is the robust preset with these options changed. */
const VARIANTS: Record<string, FitOptions> = {
  robust: {},
  'no-standardize': { standardize: false },
  'full-batch': { batchSize: 0 },
  'paper-reconstruction-term': { reconstruction: 'mean' },
  'fixed-centre': { centre: 'fixed' },
  'mean-centre': { centre: 'mean' },
  'max-score': { caseScore: 'combined' },
  'distance-score': { caseScore: 'sphere' },
  'error-score': { caseScore: 'reconstruction' },
};

/** Thresholds tried on the robust model (the first is the preset's default). */
const THRESHOLDS = ['zscore:5', 'zscore:3', 'contamination:0.1', 'quantile:0.95', 'sphere'];

const { values } = parseArgs({
  options: {
    scenarios: { type: 'string', default: 'train share 10%' },
    train: { type: 'string' },
    test: { type: 'string' },
    variants: { type: 'string', default: Object.keys(VARIANTS).join(',') },
    'train-cases': { type: 'string', default: '1000' },
    'test-cases': { type: 'string', default: '500' },
    out: { type: 'string', default: 'bench-results/ablation.json' },
  },
});

const datasets: { name: string; train: Dataset; test: Dataset }[] = values.scenarios.split(',').filter((s) => s.trim() !== '').map((name) => {
  const scenario = SCENARIOS.find((s) => s.name === name.trim());
  if (!scenario) throw new Error(`unknown scenario '${name}' (have ${SCENARIOS.map((s) => s.name).join('; ')})`);
  const options = scenarioOptions(scenario, Number(values['train-cases']), Number(values['test-cases']));
  return { name: scenario.name, train: generateDynamicNetworks(options.train), test: generateDynamicNetworks(options.test) };
});
if (values.train !== undefined && values.test !== undefined) {
  datasets.push({ name: `${values.train} -> ${values.test}`, train: loadDataset(values.train), test: loadDataset(values.test) });
}
const variants = values.variants.split(',').map((name) => {
  if (!(name in VARIANTS)) throw new Error(`unknown variant '${name}' (have ${Object.keys(VARIANTS).join(', ')})`);
  return name;
});

const show = (v: number | null) => (v === null ? '  -  ' : v.toFixed(3));
const line = (label: string, e: Evaluation, seconds: string) =>
  `  ${label.padEnd(29)} ${show(e.case.rocAuc)}    ${show(e.case.prAuc)}   ${show(e.case.f1)}  ${show(e.nested.rocAuc)}   ${seconds}\n`;
const rows: { dataset: string; variant: string; threshold?: string; seconds?: number; evaluation: Evaluation }[] = [];
process.stdout.write(`ablation of the robust preset: ${describeEngine()}\n`);
for (const { name, train, test } of datasets) {
  process.stdout.write(`\n${name}\n  variant                       ROC-AUC  PR-AUC  F1     nested   seconds\n`);
  for (const variant of variants) {
    const started = performance.now();
    const model = await fit(train, { preset: 'robust', ...VARIANTS[variant] });
    const evaluation = evaluateModel(model, test);
    const seconds = (performance.now() - started) / 1000;
    rows.push({ dataset: name, variant, seconds, evaluation });
    process.stdout.write(line(variant, evaluation, seconds.toFixed(1)));
    if (variant !== 'robust') continue;
    for (const threshold of THRESHOLDS.slice(1)) {
      const other = evaluateModel(model.withThreshold(threshold), test);
      rows.push({ dataset: name, variant, threshold, evaluation: other });
      process.stdout.write(line(`  threshold ${threshold}`, other, ''));
    }
  }
}
mkdirSync(dirname(values.out), { recursive: true });
writeFileAtomic(values.out, `${JSON.stringify({ date: new Date().toISOString(), engine: describeEngine(), variants: VARIANTS, rows }, null, 1)}\n`);
process.stdout.write(`wrote ${values.out}\n`);
