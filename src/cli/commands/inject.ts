import { Command } from 'commander';
import { numberFlag, requiredFlag } from '../flags.js';
import { loadDataset, saveDatasetPickle } from '../../io/dataset-file.js';
import { ANOMALY_KINDS, parseKinds } from '../../data/options.js';
import { injectAnomalies, type InjectOptions } from '../../ingest/inject.js';

interface InjectFlags {
  data?: string;
  out?: string;
  ratio: string;
  kinds: string;
  magnitude: string;
  seed: string;
}

function toOptions(flags: InjectFlags): InjectOptions {
  return {
    ratio: numberFlag('--ratio', flags.ratio, { min: 0, max: 1 }),
    kinds: parseKinds(flags.kinds),
    magnitude: numberFlag('--magnitude', flags.magnitude, { min: 0, minExclusive: true }),
    seed: numberFlag('--seed', flags.seed, { min: 0, max: 2 ** 32 - 1, integer: true }),
  };
}

export function injectCommand(): Command {
  return new Command('inject')
    .description('add known anomalies to real cases (label + exact diff), scaled to the data\'s own edge levels')
    .option('--data <file>', 'data set to inject into, e.g. from ingest (required)')
    .option('--out <file>', 'pickle file to write (required)')
    .option('--ratio <r>', 'share of cases to inject into, in [0, 1]', '0.1')
    .option('--kinds <list>', `anomaly kinds, comma-separated (${ANOMALY_KINDS.join(', ')})`, ANOMALY_KINDS.join(','))
    .option('--magnitude <m>', 'relative size: burst/new-links add m x a typical edge level; phase shifts by m x its window', '0.5')
    .option('--seed <n>', 'seed of the choice of cases and anomalies', '1')
    .addHelpText(
      'after',
      `
Kinds: burst (N/5 active edges rise by magnitude x their mean level for 2..T/2 steps),
outage (every link of one node is 0 for 2..T/2 steps), new-links (N/2 edges that are
zero in >= 99% of snapshots carry magnitude x the median active level), phase (0.55 N
active edges rotated in time by magnitude x a window of >= T/2 steps).
Levels come from the cases not already labelled; labelled cases keep their label and diff.`,
    )
    .action((flags: InjectFlags) => {
      const data = requiredFlag('--data', flags.data, 'the data set to inject into');
      const out = requiredFlag('--out', flags.out, 'the pickle file to write');
      const options = toOptions(flags);
      const { dataset, summary } = injectAnomalies(loadDataset(data), options);
      saveDatasetPickle(out, dataset);
      const kinds = Object.entries(summary.perKind).map(([kind, count]) => `${count} ${kind}`).join(', ');
      const anomalous = Object.values(summary.perKind).reduce((a, b) => a + b, 0);
      process.stdout.write(
        `wrote ${out}: ${dataset.shape[0]} cases, ${anomalous} injected (${kinds}), ${summary.cells} changed cells\n`,
      );
    });
}
