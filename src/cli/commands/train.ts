import { Command } from 'commander';
import { loadDataset } from '../../io/dataset-file.js';
import { fit } from '../../train/fit.js';
import { PAPER_OPTIONS, type TrainOptions } from '../../train/options.js';
import { stderrProgress } from '../../train/progress.js';
import { numberFlag, requiredFlag } from '../flags.js';
import { threadsOption, applyThreads } from '../threads.js';

interface TrainFlags {
  data?: string;
  model?: string;
  epochs: string;
  batchSize: string;
  hidden: string;
  lr: string;
  lambda: string;
  gamma: string;
  tolerance: string;
  keepProb: string;
  seed: string;
  threads?: string;
  quiet?: boolean;
}

/** The training flags as TrainOptions (shared with `demo`). */
export function trainOptionsFromFlags(flags: Omit<TrainFlags, 'data' | 'model' | 'threads' | 'quiet'>): TrainOptions {
  return {
    epochs: numberFlag('--epochs', flags.epochs, { min: 1, integer: true }),
    batchSize: numberFlag('--batch-size', flags.batchSize, { min: 0, integer: true }),
    hidden: numberFlag('--hidden', flags.hidden, { min: 1, integer: true }),
    learningRate: numberFlag('--lr', flags.lr, { min: 0, minExclusive: true }),
    lambda: numberFlag('--lambda', flags.lambda, { min: 0 }),
    gamma: numberFlag('--gamma', flags.gamma, { min: 0 }),
    tolerance: numberFlag('--tolerance', flags.tolerance, { min: 0 }),
    keepProb: numberFlag('--keep-prob', flags.keepProb, { min: 0, max: 1, minExclusive: true }),
    seed: numberFlag('--seed', flags.seed, { min: 0, max: 2 ** 32 - 1, integer: true }),
  };
}

/** Adds the training flags (defaults: the original code's) to `command`. */
export function addTrainingOptions(command: Command): Command {
  const d = PAPER_OPTIONS;
  return command
    .option('--epochs <n>', 'passes over the training cases', String(d.epochs))
    .option('--batch-size <n>', 'cases per Adam step; 0 = full batch (as the paper), else shuffled mini-batches', String(d.batchSize))
    .option('--hidden <n>', 'LSTM hidden size H', String(d.hidden))
    .option('--lr <x>', 'Adam learning rate', String(d.learningRate))
    .option('--lambda <x>', 'weight of the weighted reconstruction error (lambda)', String(d.lambda))
    .option('--gamma <x>', 'weight of the slack outside the sphere (gamma)', String(d.gamma))
    .option('--tolerance <x>', 'a case is anomalous iff d > r (1 + tolerance)', String(d.tolerance))
    .option('--keep-prob <p>', 'input dropout keep probability', String(d.keepProb))
    .option('--seed <n>', 'seed of initialisation, dropout and shuffling', String(d.seed));
}

export function trainCommand(): Command {
  const command = new Command('train')
    .description('train DeepSphere on a dataset pickle (unsupervised: labels are never used) and save the model')
    .option('--data <file>', 'training dataset pickle (required)')
    .option('--model <file>', 'where to write the trained model (required)');
  return addTrainingOptions(command)
    .addOption(threadsOption())
    .option('--quiet', 'no progress output')
    .action(async (flags: TrainFlags) => {
      const data = requiredFlag('--data', flags.data, 'the training dataset pickle');
      const modelPath = requiredFlag('--model', flags.model, 'where to write the trained model');
      const options = trainOptionsFromFlags(flags);
      applyThreads(flags.threads);
      const dataset = loadDataset(data);
      const model = await fit(dataset, { ...options, onEpoch: stderrProgress({ quiet: flags.quiet }) });
      model.save(modelPath);
      const { history } = model;
      const epochs = history.loss.length;
      const msPerEpoch = epochs > 0 ? (history.seconds * 1000) / epochs : 0;
      process.stdout.write(
        `trained ${epochs} epochs in ${history.seconds.toFixed(1)} s (${msPerEpoch.toFixed(1)} ms/epoch, ${history.engine}); ` +
        `loss ${history.loss[epochs - 1]?.toPrecision(5) ?? 'n/a'}, radius ${model.radius.toPrecision(4)}; wrote ${modelPath}\n`,
      );
      if (history.stoppedEarly) process.stderr.write(`deepsphere: warning: ${history.stoppedEarly}\n`);
    });
}
