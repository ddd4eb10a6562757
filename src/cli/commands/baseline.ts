import { Command } from 'commander';
import { BASELINE_METHODS, runBaseline, type BaselineMethod } from '../../baselines/index.js';
import { caseMetrics, type Evaluation } from '../../eval/evaluate.js';
import { UserError } from '../../errors.js';
import { loadDataset } from '../../io/dataset-file.js';
import { numberFlag, requiredFlag } from '../flags.js';
import { labelsOption } from '../inputs.js';
import { describeEvaluation } from './evaluate.js';

interface BaselineFlags {
  method?: string;
  train?: string;
  test?: string;
  contamination: string;
  seed: string;
  json?: boolean;
  labelsOneMeansNormal?: boolean;
}

export function baselineCommand(): Command {
  return new Command('baseline')
    .description('a classic detector on the same data path and metrics, for comparison (fit on --train, evaluated on --test)')
    .option('--method <name>', `one of ${BASELINE_METHODS.join(', ')} (required)`)
    .option('--train <file>', 'training dataset pickle (required; labels unused)')
    .option('--test <file>', 'labelled dataset pickle to evaluate on (required)')
    .option('--contamination <p>', 'expected share of anomalies: sets the label threshold', '0.1')
    .option('--seed <n>', 'seed (iforest)', '1000')
    .option('--json', 'print the metrics as one JSON object, as `evaluate --json`')
    .addOption(labelsOption())
    .action((flags: BaselineFlags) => {
      const method = requiredFlag('--method', flags.method, BASELINE_METHODS.join(' | '));
      if (!(BASELINE_METHODS as readonly string[]).includes(method)) {
        throw new UserError(`--method: expected one of ${BASELINE_METHODS.join(', ')}, got '${method}'`);
      }
      const load = (flag: string, path: string | undefined, what: string) =>
        loadDataset(requiredFlag(flag, path, what), { labelsOneMeansNormal: flags.labelsOneMeansNormal ?? false });
      const train = load('--train', flags.train, 'the training dataset pickle');
      const test = load('--test', flags.test, 'the dataset to evaluate on');
      const result = runBaseline(method as BaselineMethod, train, test, {
        contamination: numberFlag('--contamination', flags.contamination, { min: 0, max: 0.5, minExclusive: true }),
        seed: numberFlag('--seed', flags.seed, { min: 0, integer: true }),
      });
      const evaluation: Evaluation = { case: caseMetrics(test.labels, result.scores, result.predicted), nested: { rmse: null, rocAuc: null } };
      process.stdout.write(flags.json ? `${JSON.stringify(evaluation)}\n` : `${method}: ${describeEvaluation(evaluation)}\n`);
    });
}
