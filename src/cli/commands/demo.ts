import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { generateDynamicNetworks } from '../../data/generate.js';
import { DEFAULT_GENERATE_OPTIONS } from '../../data/options.js';
import { writeFileAtomic } from '../../io/atomic.js';
import { saveDatasetPickle } from '../../io/dataset-file.js';
import { buildReportData } from '../../report/build.js';
import { renderReportHtml } from '../../report/html.js';
import { fit } from '../../train/fit.js';
import { stderrProgress } from '../../train/progress.js';
import { applyThreads, threadsOption } from '../threads.js';
import { addTrainingOptions, fitOptionsFromFlags, type TrainingFlags } from './train.js';
import { describeEvaluation } from './evaluate.js';

interface DemoFlags extends TrainingFlags {
  out: string;
}

/** Same network (graph seed) for train and test, different cases. */
const TRAIN_CASES = { cases: 1000, seed: 1 };
const TEST_CASES = { cases: 500, seed: 2 };

export function demoCommand(): Command {
  const command = new Command('demo')
    .description('the whole job on built-in defaults: generate train/test networks, train, detect, evaluate, summarize, write an HTML report')
    .option('--out <dir>', 'directory for the data, model and results', 'deepsphere-demo');
  return addTrainingOptions(command)
    .addOption(threadsOption())
    .option('--quiet', 'no progress output')
    .action(async (flags: DemoFlags) => {
      const options = fitOptionsFromFlags(flags);
      applyThreads(flags.threads);
      mkdirSync(flags.out, { recursive: true });
      const path = (name: string) => join(flags.out, name);
      const say = (line: string) => process.stdout.write(`${line}\n`);

      const train = generateDynamicNetworks({ ...DEFAULT_GENERATE_OPTIONS, ...TRAIN_CASES });
      const test = generateDynamicNetworks({ ...DEFAULT_GENERATE_OPTIONS, ...TEST_CASES });
      saveDatasetPickle(path('train.pkl'), train);
      saveDatasetPickle(path('test.pkl'), test);
      const [, steps, nodes] = train.shape;
      say(`1. generated ${TRAIN_CASES.cases} training and ${TEST_CASES.cases} test cases (${steps} snapshots of a ${nodes}-node network, ` +
        `${Math.round(DEFAULT_GENERATE_OPTIONS.ratio * 100)}% anomalous) -> ${path('train.pkl')}, ${path('test.pkl')}`);

      const model = await fit(train, { ...options, onEpoch: stderrProgress({ quiet: flags.quiet }) });
      model.save(path('model.dsm'));
      const { history } = model;
      say(`2. trained ${history.loss.length} epochs (preset ${model.config.preset}) in ${history.seconds.toFixed(1)} s on ${history.engine} (labels unused) -> ${path('model.dsm')}`);

      const detection = model.detect(test);
      writeFileAtomic(path('result.json'), `${JSON.stringify(detection, null, 1)}\n`);
      const truth = test.labels!;
      const caught = detection.results.filter((r) => r.label === 1 && truth[r.index] === 1).length;
      say(`3. flagged ${detection.flagged} of ${detection.cases} test cases (${caught} truly anomalous, of ${truth.reduce((a, b) => a + b, 0)}) -> ${path('result.json')}`);

      // The report evaluates the labelled test cases anyway: its evaluation is the one printed.
      const report = buildReportData(model, test, { title: 'DeepSphere demo report', modelPath: path('model.dsm'), dataPath: path('test.pkl') });
      const evaluation = report.evaluation!;
      say(`4. evaluation on the test cases:\n${describeEvaluation(evaluation)}`);
      say(JSON.stringify(evaluation));

      writeFileAtomic(path('report.html'), renderReportHtml(report));
      say(`5. report: open ${path('report.html')} in a browser (scores, ranked cases, heatmaps of the ${report.details.length} top cases)`);
    });
}
