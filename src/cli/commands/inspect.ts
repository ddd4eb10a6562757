import { Command } from 'commander';
import type { Dataset } from '../../io/dataset.js';
import { loadDataset } from '../../io/dataset-file.js';

interface InspectFlags {
  json?: boolean;
  labelsOneMeansNormal?: boolean;
}

/** The `--json` summary; field order is part of the output format. */
export interface DatasetSummary {
  cases: number;
  steps: number;
  nodes: number;
  dtype: string;
  labels: { anomalous: number; normal: number } | null;
  /** Number of known anomalous (t, i, j) cells over all `diff` records. */
  nestedCells: number | null;
}

export function summarizeDataset(dataset: Dataset): DatasetSummary {
  const [cases, steps, nodes] = dataset.shape;
  const { labels } = dataset;
  const anomalous = labels ? labels.reduce((sum, label) => sum + label, 0) : 0;
  return {
    cases,
    steps,
    nodes,
    dtype: dataset.sourceDtype ?? 'float32',
    labels: labels ? { anomalous, normal: labels.length - anomalous } : null,
    nestedCells: dataset.diff ? dataset.diff.value.length : null,
  };
}

function describe(file: string, dataset: Dataset, summary: DatasetSummary): string {
  const lines = [`${file}: ${summary.cases} cases x ${summary.steps} steps x ${summary.nodes} nodes (${summary.dtype})`];
  lines.push(
    summary.labels
      ? `labels: ${summary.labels.anomalous} anomalous, ${summary.labels.normal} normal`
      : 'labels: none',
  );
  lines.push(summary.nestedCells === null ? 'known anomalous cells: none' : `known anomalous cells: ${summary.nestedCells}`);
  if (dataset.nodeNames) {
    const shown = dataset.nodeNames.slice(0, 5).join(', ');
    lines.push(`node names: ${shown}${dataset.nodeNames.length > 5 ? ', ...' : ''}`);
  }
  if (dataset.caseTimes) lines.push(`case times: ${dataset.caseTimes[0]} .. ${dataset.caseTimes[dataset.caseTimes.length - 1]}`);
  if (dataset.stepSeconds !== undefined) lines.push(`step: ${dataset.stepSeconds} s`);
  return `${lines.join('\n')}\n`;
}

export function inspectCommand(): Command {
  return new Command('inspect')
    .description('check a DeepSphere dataset pickle and summarize it (cases, steps, nodes, labels, known cells)')
    .argument('<file>', 'dataset pickle: {data: (cases, steps, nodes, nodes), label, diff}')
    .option('--json', 'print the summary as one JSON object')
    .option('--labels-one-means-normal', "the file's label 1 (True) marks normal cases, not anomalous ones")
    .action((file: string, flags: InspectFlags) => {
      const dataset = loadDataset(file, { labelsOneMeansNormal: flags.labelsOneMeansNormal ?? false });
      const summary = summarizeDataset(dataset);
      process.stdout.write(flags.json ? `${JSON.stringify(summary)}\n` : describe(file, dataset, summary));
    });
}
