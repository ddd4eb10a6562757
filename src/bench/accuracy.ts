/**
 * npm run bench:accuracy — every method on every generated scenario (bench/scenarios.ts), same
 * data and metrics for all: case ROC-AUC, PR-AUC, F1 at each method's default threshold, and
 * nested ROC-AUC where the method reconstructs cells. Prints a table per scenario and a summary,
 * and writes bench-results/accuracy.json.
 *
 *   node dist/bench/accuracy.js [--methods robust,paper,lof,iforest,lstm-ae] [--scenarios 'N=40,only burst']
 *                               [--train-cases 1000] [--test-cases 500] [--out FILE] [--merge]
 *
 * --merge re-runs only the chosen methods and scenarios and keeps every other row of the existing
 * --out file (e.g. after a change to the robust preset, without re-running the slow paper rows);
 * the summary is computed over the merged rows.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { generateDynamicNetworks } from '../data/generate.js';
import { describeEngine } from '../engine/backend.js';
import type { Evaluation } from '../eval/evaluate.js';
import { writeFileAtomic } from '../io/atomic.js';
import { METHODS, type MethodName } from './methods.js';
import { SCENARIOS, scenarioOptions } from './scenarios.js';

interface Row {
  scenario: string;
  method: MethodName;
  seconds: number;
  evaluation: Evaluation;
}

const { values } = parseArgs({
  options: {
    methods: { type: 'string', default: Object.keys(METHODS).join(',') },
    scenarios: { type: 'string' },
    'train-cases': { type: 'string', default: '1000' },
    'test-cases': { type: 'string', default: '500' },
    out: { type: 'string', default: 'bench-results/accuracy.json' },
    merge: { type: 'boolean', default: false },
  },
});

let methods = values.methods.split(',').map((name) => {
  if (!(name in METHODS)) throw new Error(`unknown method '${name}' (have ${Object.keys(METHODS).join(', ')})`);
  return name as MethodName;
});
let chosen = values.scenarios === undefined ? SCENARIOS : values.scenarios.split(',').map((name) => {
  const scenario = SCENARIOS.find((s) => s.name === name.trim());
  if (!scenario) throw new Error(`unknown scenario '${name}' (have ${SCENARIOS.map((s) => s.name).join('; ')})`);
  return scenario;
});
const trainCases = Number(values['train-cases']);
const testCases = Number(values['test-cases']);

const show = (v: number | null) => (v === null ? '  -  ' : v.toFixed(3));
const rows: Row[] = [];
process.stdout.write(`accuracy bench: ${chosen.length} scenarios x ${methods.length} methods, ${trainCases} train / ${testCases} test cases, ${describeEngine()}\n`);
for (const scenario of chosen) {
  const options = scenarioOptions(scenario, trainCases, testCases);
  const train = generateDynamicNetworks(options.train);
  const test = generateDynamicNetworks(options.test);
  process.stdout.write(`\n${scenario.name}\n  method     ROC-AUC  PR-AUC  F1     nested   seconds\n`);
  for (const method of methods) {
    const started = performance.now();
    const evaluation = await METHODS[method](train, test);
    const seconds = (performance.now() - started) / 1000;
    rows.push({ scenario: scenario.name, method, seconds, evaluation });
    const c = evaluation.case;
    process.stdout.write(`  ${method.padEnd(9)}  ${show(c.rocAuc)}    ${show(c.prAuc)}   ${show(c.f1)}  ${show(evaluation.nested.rocAuc)}    ${seconds.toFixed(1)}\n`);
  }
}

if (values.merge && existsSync(values.out)) {
  const previous = JSON.parse(readFileSync(values.out, 'utf8')) as { trainCases: number; testCases: number; rows: Row[] };
  if (previous.trainCases !== trainCases || previous.testCases !== testCases) throw new Error(`--merge: ${values.out} was run with other case counts`);
  const rerun = new Set(rows.map((r) => `${r.scenario}\0${r.method}`));
  rows.push(...previous.rows.filter((r) => !rerun.has(`${r.scenario}\0${r.method}`)));
  const scenarioOrder = SCENARIOS.map((s) => s.name);
  const methodOrder = Object.keys(METHODS);
  rows.sort((a, b) => scenarioOrder.indexOf(a.scenario) - scenarioOrder.indexOf(b.scenario) || methodOrder.indexOf(a.method) - methodOrder.indexOf(b.method));
  methods = (methodOrder as MethodName[]).filter((method) => rows.some((r) => r.method === method));
  chosen = SCENARIOS.filter((scenario) => rows.some((r) => r.scenario === scenario.name));
}

process.stdout.write('\nsummary (mean over scenarios; min in brackets)\n  method     ROC-AUC         F1              nested\n');
const summary: Record<string, { meanRocAuc: number; minRocAuc: number; meanF1: number; minF1: number; meanNested: number | null; minNested: number | null }> = {};
for (const method of methods) {
  const mine = rows.filter((r) => r.method === method);
  const stat = (pick: (r: Row) => number | null) => {
    const xs = mine.map(pick).filter((v): v is number => v !== null);
    return xs.length === 0 ? { mean: null, min: null } : { mean: xs.reduce((a, b) => a + b, 0) / xs.length, min: Math.min(...xs) };
  };
  const auc = stat((r) => r.evaluation.case.rocAuc);
  const f1 = stat((r) => r.evaluation.case.f1);
  const nested = stat((r) => r.evaluation.nested.rocAuc);
  summary[method] = { meanRocAuc: auc.mean!, minRocAuc: auc.min!, meanF1: f1.mean!, minF1: f1.min!, meanNested: nested.mean, minNested: nested.min };
  process.stdout.write(`  ${method.padEnd(9)}  ${show(auc.mean)} [${show(auc.min)}]  ${show(f1.mean)} [${show(f1.min)}]  ${show(nested.mean)} [${show(nested.min)}]\n`);
}
const best = chosen.map((scenario) => {
  const here = rows.filter((r) => r.scenario === scenario.name && r.method !== 'robust' && r.method !== 'paper');
  const top = here.reduce<Row | null>((a, b) => ((b.evaluation.case.rocAuc ?? 0) > (a?.evaluation.case.rocAuc ?? -1) ? b : a), null);
  const robust = rows.find((r) => r.scenario === scenario.name && r.method === 'robust');
  return { scenario: scenario.name, bestBaseline: top?.method ?? null, bestBaselineRocAuc: top?.evaluation.case.rocAuc ?? null, robustRocAuc: robust?.evaluation.case.rocAuc ?? null };
});
const beaten = best.filter((b) => b.robustRocAuc !== null && b.bestBaselineRocAuc !== null && b.robustRocAuc < b.bestBaselineRocAuc);
if (methods.includes('robust') && best.some((b) => b.bestBaseline !== null)) {
  process.stdout.write(beaten.length === 0
    ? '\nrobust >= the best baseline on every scenario (case ROC-AUC)\n'
    : `\nrobust below the best baseline on: ${beaten.map((b) => `${b.scenario} (${show(b.robustRocAuc)} < ${b.bestBaseline} ${show(b.bestBaselineRocAuc)})`).join('; ')}\n`);
}
mkdirSync(dirname(values.out), { recursive: true });
writeFileAtomic(values.out, `${JSON.stringify({ date: new Date().toISOString(), engine: describeEngine(), trainCases, testCases, rows, summary, best }, null, 1)}\n`);
process.stdout.write(`wrote ${values.out}\n`);
