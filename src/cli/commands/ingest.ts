import { Command } from 'commander';
import { UserError } from '../../errors.js';
import { requiredFlag } from '../flags.js';
import { saveDatasetPickle } from '../../io/dataset-file.js';
import { parseAggregation } from '../../ingest/aggregation.js';
import { parseDuration } from '../../ingest/duration.js';
import { ingestEdges, type IngestOptions } from '../../ingest/ingest.js';
import { defaultMemoryBudget, formatBytes, parseMemorySize } from '../../memory.js';
import { parseNodeSpec } from '../../ingest/nodes.js';
import { parseDelimiter } from '../../ingest/readers/open.js';
import { parseBound, parseEpochUnit } from '../../ingest/timestamp.js';
import { parseTimeZone } from '../../ingest/zone.js';

interface IngestFlags {
  edges?: string;
  out?: string;
  timeCol: string;
  sourceCol: string;
  targetCol: string;
  weightCol?: string;
  agg?: string;
  caseLength: string;
  step: string;
  start?: string;
  end?: string;
  tz: string;
  epochUnit: string;
  nodes?: string;
  other: string;
  undirected?: boolean;
  dropEmpty?: boolean;
  delimiter?: string;
  maxMemory?: string;
}

function toOptions(flags: IngestFlags): IngestOptions {
  const zone = parseTimeZone(flags.tz);
  const epochUnit = parseEpochUnit(flags.epochUnit);
  if (flags.other !== 'drop' && flags.other !== 'pool') throw new UserError(`--other: expected drop or pool, got '${flags.other}'`);
  return {
    edges: requiredFlag('--edges', flags.edges, 'the edge log: .csv, .tsv, .jsonl or .parquet'),
    columns: { time: flags.timeCol, source: flags.sourceCol, target: flags.targetCol, weight: flags.weightCol },
    delimiter: flags.delimiter === undefined ? undefined : parseDelimiter(flags.delimiter),
    agg: parseAggregation(flags.agg, flags.weightCol !== undefined),
    caseSeconds: parseDuration('--case-length', flags.caseLength),
    stepSeconds: parseDuration('--step', flags.step),
    zone,
    epochUnit,
    startWall: flags.start === undefined ? undefined : parseBound('--start', flags.start, zone, epochUnit),
    endWall: flags.end === undefined ? undefined : parseBound('--end', flags.end, zone, epochUnit),
    nodes: parseNodeSpec(flags.nodes),
    other: flags.other,
    undirected: flags.undirected === true,
    dropEmpty: flags.dropEmpty === true,
    maxMemoryBytes: flags.maxMemory === undefined ? defaultMemoryBudget() : parseMemorySize(flags.maxMemory),
  };
}

const TIME_RULE = `
Time rule: epoch numbers and ISO strings with Z or an offset are instants; naive strings
("2001-01-01 06:05") and naive Parquet timestamps/dates are wall-clock times in --tz.
Cases are cut on the --tz wall clock: case k covers [origin + k*L, origin + (k+1)*L) with
L = --case-length and origin = --start, or else the first event floored to a multiple of L
counted from 1970-01-01 00:00 local (midnight for 1d; weeks then start on Thursday).
T = L / --step must be whole. --start is inclusive, --end exclusive. With an IANA zone, steps
are local clock hours: a DST gap leaves its hour empty, a repeated hour counts twice.`;

export function ingestCommand(): Command {
  return new Command('ingest')
    .description('turn an edge log (time, source, target[, weight]) into cases of T snapshots (DeepSphere pickle)')
    .option('--edges <file>', 'edge log: .csv, .tsv, .jsonl/.ndjson or .parquet (required)')
    .option('--out <file>', 'pickle file to write (required)')
    .option('--time-col <name>', 'column holding the event time', 'time')
    .option('--source-col <name>', 'column holding the source node', 'source')
    .option('--target-col <name>', 'column holding the target node', 'target')
    .option('--weight-col <name>', 'column holding the edge weight (default: every event weighs 1)')
    .option('--agg <how>', 'count, sum or mean per (step, source, target) (default: count, or sum with --weight-col)')
    .option('--case-length <duration>', 'length of one case: a whole number with s, m, h, d or w', '1d')
    .option('--step <duration>', 'length of one snapshot; must divide --case-length', '1h')
    .option('--start <time>', 'first instant to include; also the origin of the case grid')
    .option('--end <time>', 'first instant to exclude; the grid extends up to it')
    .option('--tz <zone>', 'zone of naive timestamps and of case boundaries: UTC, +02:00, or an IANA name', 'UTC')
    .option('--epoch-unit <unit>', 'unit of numeric times: auto (by magnitude), s, ms or us', 'auto')
    .option('--nodes <spec>', 'top:K (most active), all, or a file with one node name per line', 'all')
    .option('--other <how>', 'edges touching an unselected node: drop, or pool into a node named "other"', 'drop')
    .option('--undirected', 'symmetrise: a->b and b->a add to the same cell')
    .option('--drop-empty', 'leave out cases into which no edge fell (after node selection)')
    .option('--delimiter <char>', 'field delimiter for delimited text (default: by extension; \\t for tab)')
    .option('--max-memory <size>', `refuse a dense tensor larger than this, e.g. 4G (default: 75% of RAM)`)
    .addHelpText('after', TIME_RULE)
    .action(async (flags: IngestFlags) => {
      const out = requiredFlag('--out', flags.out, 'the pickle file to write');
      const options = toOptions(flags);
      const { dataset, summary } = await ingestEdges(options);
      saveDatasetPickle(out, dataset);
      const [cases, steps, nodes] = dataset.shape;
      const { scan } = summary;
      const notes = [
        `${summary.edgesUsed} of ${scan.rows} rows used (--agg ${options.agg})`,
        summary.edgesDropped > 0 ? `${summary.edgesDropped} touching unselected nodes dropped` : '',
        scan.outsideWindow > 0 ? `${scan.outsideWindow} outside --start/--end` : '',
        scan.missing > 0 ? `${scan.missing} with missing values skipped` : '',
        summary.casesDropped > 0 ? `${summary.casesDropped} empty cases dropped` : '',
      ].filter((note) => note !== '');
      process.stdout.write(
        `wrote ${out}: ${cases} cases x ${steps} steps x ${nodes} nodes (of ${summary.nodesSeen} seen), ` +
          `${formatBytes(dataset.data.byteLength)}; ${notes.join(', ')}\n`,
      );
    });
}
