/** The model + dataset inputs the scoring commands (detect, evaluate, report) share. */
import { type Command, Option } from 'commander';
import { DEFAULT_CHUNK_SIZE, loadModel, type DeepSphereModel } from '../detect/model.js';
import { THRESHOLD_HELP, parseThreshold } from '../detect/threshold.js';
import type { Dataset } from '../io/dataset.js';
import { loadDataset } from '../io/dataset-file.js';
import { numberFlag, requiredFlag } from './flags.js';
import { maxMemoryBytes, maxMemoryOption } from './memory.js';
import { threadsOption } from './threads.js';

export interface InputFlags {
  model?: string;
  data?: string;
  chunkSize: string;
  labelsOneMeansNormal?: boolean;
  threads?: string;
  threshold?: string;
  cellThreshold?: string;
  maxMemory?: string;
}

/**
 * The options every scoring command takes besides --model and --data: chunking, threshold
 * overrides (of the rules stored in the model), the label convention, threads and the memory budget.
 */
export function scoringOptions(): Option[] {
  return [
    new Option('--chunk-size <n>', 'cases scored per forward pass (memory grows with it)').default(String(DEFAULT_CHUNK_SIZE)),
    new Option('--threshold <rule>', `case threshold instead of the model's: ${THRESHOLD_HELP}`),
    new Option('--cell-threshold <z>', "cell |z| threshold instead of the model's"),
    labelsOption(),
    threadsOption(),
    maxMemoryOption(),
  ];
}

export function labelsOption(): Option {
  return new Option('--labels-one-means-normal', "the file's label 1 (True) marks normal cases, not anomalous ones");
}

/** Adds `options` to `command` (commander adds one at a time). */
export function withOptions(command: Command, options: Option[]): Command {
  for (const option of options) command.addOption(option);
  return command;
}

export interface Inputs {
  model: DeepSphereModel;
  dataset: Dataset;
  chunkSize: number;
  /** --max-memory in bytes (default 75% of RAM). */
  maxMemoryBytes: number;
  modelPath: string;
  dataPath: string;
}

/** Loads --model and --data and checks they fit together (same T and N), naming the file at fault. */
export function loadInputs(flags: InputFlags): Inputs {
  const modelPath = requiredFlag('--model', flags.model, 'the trained model');
  const dataPath = requiredFlag('--data', flags.data, 'the dataset pickle');
  const chunkSize = numberFlag('--chunk-size', flags.chunkSize, { min: 1, integer: true });
  const memoryBudget = maxMemoryBytes(flags.maxMemory);
  let model = loadModel(modelPath);
  if (flags.threshold !== undefined || flags.cellThreshold !== undefined) {
    const cellThreshold = flags.cellThreshold === undefined ? model.config.cellThreshold : numberFlag('--cell-threshold', flags.cellThreshold, { min: 0, minExclusive: true });
    model = model.withThreshold(flags.threshold === undefined ? model.config.threshold : parseThreshold(flags.threshold), cellThreshold);
  }
  const dataset = loadDataset(dataPath, { labelsOneMeansNormal: flags.labelsOneMeansNormal ?? false });
  model.checkCompatible(dataset, dataPath);
  return { model, dataset, chunkSize, maxMemoryBytes: memoryBudget, modelPath, dataPath };
}
