import { Command, Option } from 'commander';
import { UserError } from '../../errors.js';
import { CASE_SCORE_KINDS } from '../../detect/calibration.js';
import { THRESHOLD_HELP, parseThreshold } from '../../detect/threshold.js';
import { loadDataset } from '../../io/dataset-file.js';
import { CENTRE_RULES } from '../../train/centre.js';
import { fit, type FitOptions } from '../../train/fit.js';
import { DEFAULT_PRESET, PRESET_NAMES, PRESETS, type TrainOptions } from '../../train/options.js';
import { stderrProgress } from '../../train/progress.js';
import { numberFlag, requiredFlag, type NumberRange } from '../flags.js';
import { maxMemoryBytes, maxMemoryOption } from '../memory.js';
import { threadsOption, applyThreads } from '../threads.js';

/** The flags shared by `train` and `demo`; each undefined unless given (the preset supplies it). */
export interface TrainingFlags {
  preset: string;
  epochs?: string;
  batchSize?: string;
  hidden?: string;
  lr?: string;
  lambda?: string;
  gamma?: string;
  tolerance?: string;
  keepProb?: string;
  seed?: string;
  reconstruction?: string;
  centre?: string;
  standardize?: boolean;
  caseScore?: string;
  threshold?: string;
  cellThreshold?: string;
  threads?: string;
  quiet?: boolean;
}

interface TrainFlags extends TrainingFlags {
  data?: string;
  model?: string;
  maxMemory?: string;
}

function choice<T extends string>(flag: string, text: string | undefined, choices: readonly T[]): T | undefined {
  if (text === undefined) return undefined;
  if (!(choices as readonly string[]).includes(text)) throw new UserError(`${flag}: expected one of ${choices.join(', ')}, got '${text}'`);
  return text as T;
}

/** The training flags as fit options: the preset, and whatever was given explicitly. */
export function fitOptionsFromFlags(flags: TrainingFlags): FitOptions {
  const number = (flag: string, text: string | undefined, range: NumberRange) => (text === undefined ? undefined : numberFlag(flag, text, range));
  if (flags.threshold !== undefined) parseThreshold(flags.threshold);
  const options: FitOptions = {
    preset: choice('--preset', flags.preset, PRESET_NAMES),
    epochs: number('--epochs', flags.epochs, { min: 1, integer: true }),
    batchSize: number('--batch-size', flags.batchSize, { min: 0, integer: true }),
    hidden: number('--hidden', flags.hidden, { min: 1, integer: true }),
    learningRate: number('--lr', flags.lr, { min: 0, minExclusive: true }),
    lambda: number('--lambda', flags.lambda, { min: 0 }),
    gamma: number('--gamma', flags.gamma, { min: 0 }),
    tolerance: number('--tolerance', flags.tolerance, { min: 0 }),
    keepProb: number('--keep-prob', flags.keepProb, { min: 0, max: 1, minExclusive: true }),
    seed: number('--seed', flags.seed, { min: 0, max: 2 ** 32 - 1, integer: true }),
    reconstruction: choice('--reconstruction', flags.reconstruction, ['mean', 'weighted'] as const),
    centre: choice('--centre', flags.centre, CENTRE_RULES),
    standardize: flags.standardize,
    caseScore: choice('--case-score', flags.caseScore, CASE_SCORE_KINDS),
    threshold: flags.threshold,
    cellThreshold: number('--cell-threshold', flags.cellThreshold, { min: 0, minExclusive: true }),
  };
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as FitOptions;
}

/** "robust: 60, paper: 300" for an option's help text. */
function presetDefaults(key: keyof TrainOptions): string {
  return `(${PRESET_NAMES.map((name) => `${name}: ${String(PRESETS[name][key])}`).join(', ')})`;
}

/** Adds the training flags to `command`; their defaults come from --preset. */
export function addTrainingOptions(command: Command): Command {
  return command
    .addOption(new Option('--preset <name>', 'defaults for every option below: robust (standardised inputs, mini-batches, calibrated average score) or paper (the original exactly)').choices(PRESET_NAMES).default(DEFAULT_PRESET))
    .option('--epochs <n>', `passes over the training cases ${presetDefaults('epochs')}`)
    .option('--batch-size <n>', `cases per Adam step; 0 = full batch, else shuffled mini-batches ${presetDefaults('batchSize')}`)
    .option('--hidden <n>', `LSTM hidden size H ${presetDefaults('hidden')}`)
    .option('--lr <x>', `Adam learning rate ${presetDefaults('learningRate')}`)
    .option('--lambda <x>', `weight of the weighted reconstruction error (lambda) ${presetDefaults('lambda')}`)
    .option('--gamma <x>', `weight of the slack outside the sphere (gamma) ${presetDefaults('gamma')}`)
    .option('--tolerance <x>', `the sphere rule: anomalous iff d > r (1 + tolerance) ${presetDefaults('tolerance')}`)
    .option('--keep-prob <p>', `input dropout keep probability ${presetDefaults('keepProb')}`)
    .option('--seed <n>', `seed of initialisation, dropout and shuffling ${presetDefaults('seed')}`)
    .option('--reconstruction <how>', `mean (lambda mean_i p_i e_i, the paper) or weighted (lambda sum_i p_i e_i) ${presetDefaults('reconstruction')}`)
    .option('--centre <rule>', `the hypersphere centre c: learned (a parameter, random start), mean (a parameter starting at the mean initial embedding) or fixed (the mean initial embedding, never updated) ${presetDefaults('centre')}`)
    .option('--standardize', `standardise each input cell with robust training statistics ${presetDefaults('standardize')}`)
    .option('--no-standardize', 'feed the raw values')
    .option('--case-score <kind>', `sphere (d - r), average or combined (mean or max of calibrated distance and reconstruction evidence) or reconstruction (the error alone) ${presetDefaults('caseScore')}`)
    .option('--threshold <rule>', `case threshold: ${THRESHOLD_HELP} ${presetDefaults('threshold')}`)
    .option('--cell-threshold <z>', `flag a cell when |robust z| of its residual exceeds this ${presetDefaults('cellThreshold')}`);
}

export function trainCommand(): Command {
  const command = new Command('train')
    .description('train DeepSphere on a dataset pickle (unsupervised: labels are never used) and save the model')
    .option('--data <file>', 'training dataset pickle (required)')
    .option('--model <file>', 'where to write the trained model (required)');
  return addTrainingOptions(command)
    .addOption(threadsOption())
    .addOption(maxMemoryOption())
    .option('--quiet', 'no progress output')
    .action(async (flags: TrainFlags) => {
      const data = requiredFlag('--data', flags.data, 'the training dataset pickle');
      const modelPath = requiredFlag('--model', flags.model, 'where to write the trained model');
      const options = fitOptionsFromFlags(flags);
      applyThreads(flags.threads);
      const maxMemory = maxMemoryBytes(flags.maxMemory);
      const dataset = loadDataset(data);
      const model = await fit(dataset, { ...options, maxMemoryBytes: maxMemory, onEpoch: stderrProgress({ quiet: flags.quiet }) });
      model.save(modelPath);
      const { history } = model;
      const epochs = history.loss.length;
      const msPerEpoch = epochs > 0 ? (history.seconds * 1000) / epochs : 0;
      process.stdout.write(
        `trained ${epochs} epochs (preset ${model.config.preset}) in ${history.seconds.toFixed(1)} s (${msPerEpoch.toFixed(1)} ms/epoch, ${history.engine}); ` +
        `loss ${history.loss[epochs - 1]?.toPrecision(5) ?? 'n/a'}, radius ${model.radius.toPrecision(4)}; wrote ${modelPath}\n`,
      );
      if (history.stoppedEarly) process.stderr.write(`deepsphere: warning: ${history.stoppedEarly}\n`);
    });
}
