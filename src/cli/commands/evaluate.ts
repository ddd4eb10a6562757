import { Command } from 'commander';
import { evaluateModel, type Evaluation } from '../../eval/evaluate.js';
import { applyThreads } from '../threads.js';
import { loadInputs, scoringOptions, withOptions, type InputFlags } from '../inputs.js';

interface EvaluateFlags extends InputFlags {
  json?: boolean;
}

const show = (value: number | null) => (value === null ? 'n/a' : value.toFixed(3));

/** The metrics as a few human lines. */
export function describeEvaluation(evaluation: Evaluation): string {
  const c = evaluation.case;
  const n = evaluation.nested;
  return [
    `case level:   ROC-AUC ${show(c.rocAuc)}  PR-AUC ${show(c.prAuc)}  F1 ${show(c.f1)}  precision ${show(c.precision)}  recall ${show(c.recall)}  accuracy ${show(c.accuracy)}`,
    `nested level: ROC-AUC ${show(n.rocAuc)}  RMSE ${show(n.rmse)}`,
  ].join('\n');
}

export function evaluateCommand(): Command {
  const command = new Command('evaluate')
    .description("measure a trained model against a dataset's known labels and anomalous cells (positive class = anomalous)")
    .option('--model <file>', 'trained model (required)')
    .option('--data <file>', 'labelled dataset pickle (required)')
    .option('--json', 'print {"case":{accuracy,precision,recall,f1,rocAuc,prAuc},"nested":{rmse,rocAuc}} as one JSON object');
  return withOptions(command, scoringOptions())
    .action((flags: EvaluateFlags) => {
      applyThreads(flags.threads);
      const { model, dataset, chunkSize, maxMemoryBytes } = loadInputs(flags);
      const evaluation = evaluateModel(model, dataset, { chunkSize, maxMemoryBytes });
      process.stdout.write(flags.json ? `${JSON.stringify(evaluation)}\n` : `${describeEvaluation(evaluation)}\n`);
    });
}
