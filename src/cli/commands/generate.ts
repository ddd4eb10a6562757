import { Command } from 'commander';
import { numberFlag, requiredFlag } from '../flags.js';
import { saveDatasetPickle } from '../../io/dataset-file.js';
import { generateDynamicNetworks } from '../../data/generate.js';
import { DEFAULT_GENERATE_OPTIONS, parseKinds, type GenerateOptions } from '../../data/options.js';

interface GenerateFlags {
  out?: string;
  cases: string;
  steps: string;
  nodes: string;
  ratio: string;
  magnitude: string;
  noise: string;
  communities: string;
  period: string;
  seed: string;
  graphSeed: string;
  kinds: string;
}

function toOptions(flags: GenerateFlags): GenerateOptions {
  return {
    cases: numberFlag('--cases', flags.cases),
    steps: numberFlag('--steps', flags.steps),
    nodes: numberFlag('--nodes', flags.nodes),
    ratio: numberFlag('--ratio', flags.ratio),
    magnitude: numberFlag('--magnitude', flags.magnitude),
    noise: numberFlag('--noise', flags.noise),
    communities: numberFlag('--communities', flags.communities),
    period: numberFlag('--period', flags.period),
    seed: numberFlag('--seed', flags.seed),
    graphSeed: numberFlag('--graph-seed', flags.graphSeed),
    kinds: parseKinds(flags.kinds),
  };
}

export function generateCommand(): Command {
  const d = DEFAULT_GENERATE_OPTIONS;
  return new Command('generate')
    .description('write a synthetic dynamic-network data set (DeepSphere pickle: data (M,T,N,N), label, diff)')
    // --out is checked in the action, not by commander, so a missing one is a one-line UserError too.
    .option('--out <file>', 'pickle file to write (required)')
    .option('--cases <n>', 'number of cases M', String(d.cases))
    .option('--steps <n>', 'snapshots per case T', String(d.steps))
    .option('--nodes <n>', 'nodes N', String(d.nodes))
    .option('--ratio <r>', 'share of anomalous cases, in [0, 1]', String(d.ratio))
    .option('--magnitude <m>', 'size of injected jumps (bursts, surges, new links)', String(d.magnitude))
    .option('--noise <sd>', 'standard deviation of the Gaussian noise on link weights', String(d.noise))
    .option('--communities <n>', 'communities in the network', String(d.communities))
    .option('--period <n>', 'period of the rhythm, in steps', String(d.period))
    .option('--seed <n>', 'seed of the cases (rhythm, noise, anomalies)', String(d.seed))
    .option('--graph-seed <n>', 'seed of the network; keep it equal across train and test files', String(d.graphSeed))
    .option('--kinds <list>', 'anomaly kinds to draw from, comma-separated', d.kinds.join(','))
    .action((flags: GenerateFlags) => {
      const out = requiredFlag('--out', flags.out, 'the pickle file to write');
      const dataset = generateDynamicNetworks(toOptions(flags));
      saveDatasetPickle(out, dataset);
      const [cases, steps, nodes] = dataset.shape;
      const anomalous = dataset.labels?.reduce((sum, label) => sum + label, 0) ?? 0;
      const cells = dataset.diff?.value.length ?? 0;
      process.stdout.write(
        `wrote ${out}: ${cases} cases x ${steps} steps x ${nodes} nodes, ${anomalous} anomalous (${cells} injected cells)\n`,
      );
    });
}
