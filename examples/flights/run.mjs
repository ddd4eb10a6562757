#!/usr/bin/env node
/**
 * US domestic flights, January-June 2001 (vega-datasets flights-3m.parquet, 3 million flights), end
 * to end with the deepsphere CLI: ingest (top-30 airports, one case per day, 24 hourly snapshots of
 * flight counts), train, detect (the most anomalous days with their routes and hours, in airport
 * names), then inject known anomalies into a copy, train on it unsupervised and evaluate (ROC-AUC).
 *
 *   npm run example:flights                      # builds, then runs this script
 *   node examples/flights/run.mjs [--out DIR] [--days N] [--inject-seed S] [--magnitude M] [-- train flags]
 *
 * Train flags after `--` replace the defaults below (e.g. `-- --preset paper` = the paper's settings,
 * `-- --preset robust` = the package default).
 * See examples/flights/README.md for what it finds.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = join(ROOT, 'dist/cli/main.js');
const FLIGHTS = join(ROOT, 'node_modules/vega-datasets/data/flights-3m.parquet');

/**
 * Settings chosen for this data (see README): the paper's network and loss with Adam 1e-2 (the
 * paper's 1e-3 leaves it under-trained here); on these 181 days it ranks the injected days better
 * than the robust preset, whose per-cell statistics rest on few cases.
 */
const DEFAULT_TRAIN = ['--preset', 'paper', '--lr', '1e-2'];

/** Public holidays and days of note in the window, to annotate the dates (calendar facts, not findings). */
const CALENDAR_2001 = {
  '2001-01-01': "New Year's Day",
  '2001-01-15': 'Martin Luther King Jr. Day',
  '2001-01-20': 'Presidential inauguration',
  '2001-02-14': "Valentine's Day",
  '2001-02-19': "Presidents' Day",
  '2001-04-01': 'US daylight saving time begins',
  '2001-04-13': 'Good Friday',
  '2001-04-15': 'Easter Sunday',
  '2001-05-13': "Mother's Day",
  '2001-05-28': 'Memorial Day',
};
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

const { values: flags, positionals } = parseArgs({
  options: {
    out: { type: 'string', default: 'out/flights' },
    days: { type: 'string', default: '10' },
    'inject-seed': { type: 'string', default: '1' },
    magnitude: { type: 'string', default: '0.5' },
  },
  allowPositionals: true,
});
const trainFlags = positionals.length > 0 ? positionals : DEFAULT_TRAIN;
const shownDays = Number(flags.days);
if (!Number.isInteger(shownDays) || shownDays < 1) fail(`--days: expected a positive integer, got '${flags.days}'`);

if (!existsSync(CLI)) fail(`${CLI} is missing: run \`npm run build\` (or \`npm run example:flights\`) first`);
if (!existsSync(FLIGHTS)) fail(`${FLIGHTS} is missing: run \`npm ci\` (vega-datasets is a devDependency)`);
mkdirSync(flags.out, { recursive: true });
const path = (name) => join(flags.out, name);

function fail(message) {
  process.stderr.write(`example:flights: ${message}\n`);
  process.exit(1);
}

/** Runs `deepsphere ...`; its output goes to the terminal unless captured. Returns stdout and seconds. */
function deepsphere(args, { capture = false } = {}) {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', stdio: ['ignore', capture ? 'pipe' : 'inherit', 'inherit'] });
  if (result.status !== 0) fail(`deepsphere ${args[0]} failed (exit ${result.status})`);
  return { stdout: result.stdout ?? '', seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

const say = (line = '') => process.stdout.write(`${line}\n`);
const day = (iso) => iso.slice(0, 10);
const weekday = (iso) => WEEKDAYS[new Date(`${day(iso)}T00:00:00Z`).getUTCDay()];

/** "07:00-10:00, 14:00-15:00" from step indices, merging consecutive ones (cases start at midnight, steps are hours). */
function hourRanges(steps) {
  const sorted = [...new Set(steps)].sort((a, b) => a - b);
  const ranges = [];
  for (const t of sorted) {
    const last = ranges[ranges.length - 1];
    if (last && t === last[1] + 1) last[1] = t;
    else ranges.push([t, t]);
  }
  const clock = (t) => `${String(t).padStart(2, '0')}:00`;
  return ranges.map(([a, b]) => `${clock(a)}-${clock(b + 1)}`).join(', ');
}

/** The routes among a case's largest deviating cells, by total |deviation|, with their hours. */
function topRoutes(result, count) {
  const routes = new Map();
  for (const cell of result.top) {
    const key = `${cell.source}->${cell.target}`;
    const route = routes.get(key) ?? { key, size: 0, observed: 0, expected: 0, steps: [] };
    route.size += Math.abs(cell.deviation);
    route.observed += cell.observed;
    route.expected += cell.expected;
    route.steps.push(cell.t);
    routes.set(key, route);
  }
  return [...routes.values()].sort((a, b) => b.size - a.size).slice(0, count);
}

/** Indices of the `count` largest values. */
const largest = (values, count) => Array.from(values.keys()).sort((a, b) => values[b] - values[a]).slice(0, count);

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
const percent = (value, usual) => `${value >= usual ? '+' : ''}${((100 * (value - usual)) / usual).toFixed(1)}%`;

/**
 * What the data itself says, without the model: flights per day and per airport (departures plus
 * arrivals within the 30), against the median of the same weekday (the weekly cycle: Saturdays are light).
 */
async function trafficProfile(casesPath) {
  const { loadDataset } = await import(join(ROOT, 'dist/index.js'));
  const dataset = loadDataset(casesPath);
  const [cases, steps, nodes] = dataset.shape;
  const perAirport = Array.from({ length: cases }, (_, m) => {
    const counts = new Float64Array(nodes);
    const base = m * steps * nodes * nodes;
    for (let cell = 0; cell < steps * nodes * nodes; cell++) {
      const i = Math.floor(cell / nodes) % nodes;
      const j = cell % nodes;
      counts[i] += dataset.data[base + cell];
      counts[j] += dataset.data[base + cell];
    }
    return counts;
  });
  const totals = perAirport.map((counts) => counts.reduce((a, b) => a + b, 0) / 2);
  const sameWeekday = (m) => dataset.caseTimes.map((_, k) => k).filter((k) => k !== m && weekday(dataset.caseTimes[k]) === weekday(dataset.caseTimes[m]));
  const usualTotal = totals.map((_, m) => median(sameWeekday(m).map((k) => totals[k])));
  const usualAirport = (m, i) => median(sameWeekday(m).map((k) => perAirport[k][i]));
  return { totals, usualTotal, perAirport, usualAirport };
}

// 1. Ingest: top-30 airports, one case per calendar day, 24 hourly snapshots of flight counts.
// The file's dates are naive (local) times; --tz UTC keeps them as written, so day = the date printed.
say('== 1. ingest');
const cases = path('cases.pkl');
const ingest = deepsphere([
  'ingest', '--edges', FLIGHTS, '--out', cases,
  '--time-col', 'date', '--source-col', 'origin', '--target-col', 'destination',
  '--nodes', 'top:30', '--case-length', '1d', '--step', '1h', '--start', '2001-01-01', '--end', '2001-07-01',
]);
say(`   (${ingest.seconds.toFixed(1)} s)`);

// 2. Train on the real days (unsupervised).
say(`\n== 2. train on the real days: ${trainFlags.join(' ')}`);
const model = path('model.dsm');
deepsphere(['train', '--data', cases, '--model', model, ...trainFlags]);

// 3. Detect: every day scored and explained (deviating cells, airports, hours): 181 days are cheap.
say('\n== 3. detect');
const detectionPath = path('detection.json');
const traffic = await trafficProfile(cases);
deepsphere(['detect', '--model', model, '--data', cases, '--out', detectionPath, '--top', '60', '--explain', String(traffic.totals.length)]);
const detection = JSON.parse(readFileSync(detectionPath, 'utf8'));
const ranked = [...detection.results].sort((a, b) => b.score - a.score);
const rankOf = new Map(ranked.map((result, k) => [result.index, k + 1]));
/**
 * Where a day's residuals X - X^ are unusual: each airport's node score (sum of |X - X^| over its
 * edges) and each hour's step score, divided by that airport's or hour's median over all days. Raw
 * scores would always name the hubs and the busy hours, whose many flights carry the most noise.
 */
const usualNode = detection.nodeNames.map((_, i) => median(detection.results.map((r) => r.nodeScores[i])));
const usualStep = detection.results[0].stepScores.map((_, t) => median(detection.results.map((r) => r.stepScores[t])));
const modelAirports = (result) => largest(result.nodeScores.map((score, i) => score / usualNode[i]), 4).map((i) => detection.nodeNames[i]);
const modelHours = (result) => hourRanges(largest(result.stepScores.map((score, t) => score / usualStep[t]), 4));

say(`\nThe ${shownDays} most anomalous days by the model (score d - r; flagged iff d > r(1 + tolerance)), ` +
  "with the day's flights between the 30 airports against the median of its weekday:");
const topDays = [];
for (const result of ranked.slice(0, shownDays)) {
  const { index, time } = result;
  const note = CALENDAR_2001[day(time)];
  const usual = traffic.usualTotal[index];
  say(`${day(time)} ${weekday(time)}  score ${result.score >= 0 ? '+' : ''}${result.score.toFixed(4)}${result.label ? ' FLAGGED' : ''}  ` +
    `${traffic.totals[index]} flights (${percent(traffic.totals[index], usual)} vs ${usual})${note ? `  [${note}]` : ''}`);
  const airports = modelAirports(result);
  const hours = modelHours(result);
  say(`    most unusual residuals at ${airports.join(', ')}; hours ${hours}`);
  const routes = topRoutes(result, 3);
  for (const route of routes) {
    const delta = route.observed - route.expected;
    say(`    ${route.key} ${hourRanges(route.steps)}: ${route.observed} flights vs ${route.expected.toFixed(1)} expected (${delta >= 0 ? '+' : ''}${delta.toFixed(1)})`);
  }
  topDays.push({ day: day(time), weekday: weekday(time), score: result.score, flagged: result.label === 1, flights: traffic.totals[index], weekdayMedian: usual, calendar: note ?? null, airports, hours, routes: routes.map((r) => r.key) });
}

say('\nFor comparison, the days with the largest drop in flights against their weekday (from the data, not the model),');
say('the airports that lost the most, the rank the model gives the day (of 181) and where its residuals are most unusual:');
const drops = traffic.totals.map((total, m) => (total - traffic.usualTotal[m]) / traffic.usualTotal[m]);
const dropDays = [];
for (const m of Array.from(drops.keys()).sort((a, b) => drops[a] - drops[b]).slice(0, shownDays)) {
  const time = detection.results[m].time;
  const note = CALENDAR_2001[day(time)];
  const lost = Array.from(traffic.perAirport[m], (count, i) => ({ name: detection.nodeNames[i], count, usual: traffic.usualAirport(m, i) }))
    .sort((a, b) => a.count / a.usual - b.count / b.usual)
    .slice(0, 4);
  say(`${day(time)} ${weekday(time)}  ${traffic.totals[m]} flights (${percent(traffic.totals[m], traffic.usualTotal[m])})${note ? `  [${note}]` : ''}  ` +
    `rank ${rankOf.get(m)}${detection.results[m].label ? ' FLAGGED' : ''}`);
  say(`    lost most: ${lost.map((a) => `${a.name} ${percent(a.count, a.usual)}`).join(', ')}; model: ${modelAirports(detection.results[m]).join(', ')}, hours ${modelHours(detection.results[m])}`);
  dropDays.push({ day: day(time), weekday: weekday(time), flights: traffic.totals[m], weekdayMedian: traffic.usualTotal[m], rank: rankOf.get(m), lostMost: lost.map((a) => a.name), modelAirports: modelAirports(detection.results[m]) });
}

// 4. Known anomalies injected into a copy; train on it (labels unused) and evaluate on the same data.
say(`\n== 4. inject (ratio 0.1, all four kinds, magnitude ${flags.magnitude}), train on the injected days, evaluate`);
const injected = path('injected.pkl');
deepsphere(['inject', '--data', cases, '--out', injected, '--ratio', '0.1', '--kinds', 'burst,outage,new-links,phase',
  '--magnitude', flags.magnitude, '--seed', flags['inject-seed']]);
const injectedModel = path('model-injected.dsm');
deepsphere(['train', '--data', injected, '--model', injectedModel, ...trainFlags]);
const evaluation = JSON.parse(deepsphere(['evaluate', '--model', injectedModel, '--data', injected, '--json'], { capture: true }).stdout);
const show = (value) => (value === null ? 'n/a' : value.toFixed(3));
say(`injected anomalies: case ROC-AUC ${show(evaluation.case.rocAuc)}, PR-AUC ${show(evaluation.case.prAuc)} (chance: 0.5 and 0.1), ` +
  `F1 ${show(evaluation.case.f1)}; nested ROC-AUC ${show(evaluation.nested.rocAuc)}`);

const summary = { ingestSeconds: ingest.seconds, train: trainFlags, flagged: detection.flagged, topDays, dropDays, inject: { magnitude: Number(flags.magnitude), seed: Number(flags['inject-seed']) }, evaluation };
writeFileSync(path('summary.json'), `${JSON.stringify(summary, null, 1)}\n`);
say(`\nwrote ${path('summary.json')} (and cases.pkl, model.dsm, detection.json, injected.pkl, model-injected.dsm in ${flags.out})`);
