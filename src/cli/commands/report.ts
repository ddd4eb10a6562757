import { Command } from 'commander';
import { DEFAULT_TOP } from '../../detect/detection.js';
import { writeFileAtomic } from '../../io/atomic.js';
import { buildReportData, DEFAULT_MAX_DETAIL } from '../../report/build.js';
import { renderReportHtml } from '../../report/html.js';
import { numberFlag, requiredFlag } from '../flags.js';
import { applyThreads } from '../threads.js';
import { loadInputs, scoringOptions, withOptions, type InputFlags } from '../inputs.js';

interface ReportFlags extends InputFlags {
  out?: string;
  maxDetail: string;
  top: string;
  title?: string;
}

export function reportCommand(): Command {
  const command = new Command('report')
    .description('write a self-contained HTML report: summary, training curve, case scores, ranked cases and, per case, heatmaps of observed, expected and deviation over time')
    .option('--model <file>', 'trained model (required)')
    .option('--data <file>', 'dataset pickle to score (required)')
    .option('--out <file>', 'HTML file to write (required)')
    .option('--max-detail <n>', 'cases shown in detail (heatmaps, bars, top cells), highest scores first', String(DEFAULT_MAX_DETAIL))
    .option('--top <n>', 'deviating cells listed per detailed case', String(DEFAULT_TOP))
    .option('--title <text>', 'the report title (default: "DeepSphere report: <data file>")');
  return withOptions(command, scoringOptions())
    .action((flags: ReportFlags) => {
      const out = requiredFlag('--out', flags.out, 'the HTML report to write');
      const maxDetail = numberFlag('--max-detail', flags.maxDetail, { min: 1, integer: true });
      const top = numberFlag('--top', flags.top, { min: 0, integer: true });
      applyThreads(flags.threads);
      const { model, dataset, chunkSize, maxMemoryBytes, modelPath, dataPath } = loadInputs(flags);
      const report = buildReportData(model, dataset, {
        maxDetail, top, chunkSize, maxMemoryBytes, modelPath, dataPath, title: flags.title ?? `DeepSphere report: ${dataPath}`,
      });
      writeFileAtomic(out, renderReportHtml(report));
      process.stdout.write(`${report.cases} cases, ${report.flagged} anomalous (${report.threshold.description}), ` +
        `${report.details.length} shown in detail; wrote ${out}\n`);
    });
}
