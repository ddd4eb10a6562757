import { Command } from 'commander';
import { COMPARISON_METHODS, evaluateBaseline, type ComparisonMethod } from '../../baselines/evaluate.js';
import { UserError } from '../../errors.js';
import { loadDataset } from '../../io/dataset-file.js';
import { ROBUST_OPTIONS } from '../../train/options.js';
import { stderrProgress } from '../../train/progress.js';
import { numberFlag, requiredFlag } from '../flags.js';
import { labelsOption } from '../inputs.js';
import { applyThreads, threadsOption } from '../threads.js';
import { describeEvaluation } from './evaluate.js';

interface BaselineFlags {
  method?: string;
  train?: string;
  test?: string;
  contamination: string;
  seed: string;
  epochs?: string;
  threads?: string;
  quiet?: boolean;
  json?: boolean;
  labelsOneMeansNormal?: boolean;
}

export function baselineCommand(): Command {
  return new Command('baseline')
    .description('a baseline detector on the same data path and metrics, for comparison (fit on --train, evaluated on --test)')
    .option('--method <name>', `one of ${COMPARISON_METHODS.join(', ')} (lstm-ae: our network without the hypersphere) (required)`)
    .option('--train <file>', 'training dataset pickle (required; labels unused)')
    .option('--test <file>', 'labelled dataset pickle to evaluate on (required)')
    .option('--contamination <p>', 'expected share of anomalies: sets the label threshold', '0.1')
    .option('--seed <n>', 'seed (iforest, lstm-ae)', '1000')
    .option('--epochs <n>', `training epochs (lstm-ae; default ${ROBUST_OPTIONS.epochs}, as the robust preset)`)
    .addOption(threadsOption())
    .option('--quiet', 'no progress output (lstm-ae)')
    .option('--json', 'print the metrics as one JSON object, as `evaluate --json`')
    .addOption(labelsOption())
    .action(async (flags: BaselineFlags) => {
      const method = requiredFlag('--method', flags.method, COMPARISON_METHODS.join(' | '));
      if (!(COMPARISON_METHODS as readonly string[]).includes(method)) {
        throw new UserError(`--method: expected one of ${COMPARISON_METHODS.join(', ')}, got '${method}'`);
      }
      const load = (flag: string, path: string | undefined, what: string) =>
        loadDataset(requiredFlag(flag, path, what), { labelsOneMeansNormal: flags.labelsOneMeansNormal ?? false });
      const options = {
        contamination: numberFlag('--contamination', flags.contamination, { min: 0, max: 0.5, minExclusive: true }),
        seed: numberFlag('--seed', flags.seed, { min: 0, integer: true }),
        ...(flags.epochs === undefined ? {} : { epochs: numberFlag('--epochs', flags.epochs, { min: 1, integer: true }) }),
      };
      applyThreads(flags.threads);
      const train = load('--train', flags.train, 'the training dataset pickle');
      const test = load('--test', flags.test, 'the dataset to evaluate on');
      const evaluation = await evaluateBaseline(method as ComparisonMethod, train, test, { ...options, onEpoch: stderrProgress({ quiet: flags.quiet }) });
      process.stdout.write(flags.json ? `${JSON.stringify(evaluation)}\n` : `${method}: ${describeEvaluation(evaluation)}\n`);
    });
}
