import { Command } from 'commander';
import { DEFAULT_TOP } from '../../detect/detection.js';
import { writeFileAtomic } from '../../io/atomic.js';
import { writeNumpyPickle } from '../../io/pickle/file.js';
import { numberFlag, requiredFlag } from '../flags.js';
import { applyThreads } from '../threads.js';
import { loadInputs, scoringOptions, withOptions, type InputFlags } from '../inputs.js';

interface DetectFlags extends InputFlags {
  out?: string;
  diffOut?: string;
  top: string;
  explain: string;
}

export function detectCommand(): Command {
  const command = new Command('detect')
    .description('score every case of a dataset with a trained model: case-level labels and, for anomalous cases, the deviating cells, nodes and steps')
    .option('--model <file>', 'trained model (required)')
    .option('--data <file>', 'dataset pickle to score (required)')
    .option('--out <file>', 'result JSON to write (required)')
    .option('--diff-out <file>', "also write the residual tensor X - X^ (M, T, N, N) as a numpy pickle, like the original's test_diff_pred.pkl")
    .option('--top <n>', 'deviating cells listed per explained case', String(DEFAULT_TOP))
    .option('--explain <n>', 'also explain the n highest-scoring cases, flagged or not (cells, node and step scores)', '0');
  return withOptions(command, scoringOptions())
    .action((flags: DetectFlags) => {
      const out = requiredFlag('--out', flags.out, 'the result JSON to write');
      const top = numberFlag('--top', flags.top, { min: 0, integer: true });
      const explain = numberFlag('--explain', flags.explain, { min: 0, integer: true });
      applyThreads(flags.threads);
      const { model, dataset, chunkSize, maxMemoryBytes, modelPath, dataPath } = loadInputs(flags);
      const detection = model.detect(dataset, { top, explain, chunkSize, maxMemoryBytes });
      writeFileAtomic(out, `${JSON.stringify({ model: modelPath, data: dataPath, ...detection }, null, 1)}\n`);
      if (flags.diffOut !== undefined) {
        const { residuals } = model.score(dataset, { residuals: true, chunkSize, maxMemoryBytes });
        writeNumpyPickle(flags.diffOut, residuals!, [...dataset.shape]);
      }
      const ranked = detection.results.filter((r) => r.top !== undefined).sort((a, b) => b.score - a.score);
      const lines = [`${detection.cases} cases, ${detection.flagged} anomalous (${detection.threshold.description}); wrote ${out}`];
      for (const r of ranked.slice(0, 5)) {
        const cell = r.top?.[0];
        const at = cell?.time ?? `step ${cell?.t}`;
        const where = cell ? `, largest deviation ${cell.source ?? cell.i} -> ${cell.target ?? cell.j} at ${at}: ${cell.deviation.toPrecision(3)}` : '';
        const flag = r.label === 1 ? '' : ' (not flagged)';
        lines.push(`  case ${r.index}${r.time ? ` (${r.time})` : ''}: score ${r.score.toPrecision(4)}${flag}${where}`);
      }
      if (flags.diffOut !== undefined) lines.push(`wrote residuals to ${flags.diffOut}`);
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
