import { UserError } from '../errors.js';
import type { Dataset, DatasetShape } from '../io/dataset.js';
import type { Aggregation } from './aggregation.js';
import { stepsPerCase } from './duration.js';
import { scanEdges, type EdgeRules, type ScanCounts } from './edges.js';
import { buildGrid, caseStartTimes, stepIndex } from './grid.js';
import { checkDenseFits, denseBytes } from './memory.js';
import { nodeLayout, selectNodes, type NodeSpec } from './nodes.js';
import { openEdgeReader } from './readers/open.js';
import type { EdgeColumns, EdgeReader } from './readers/types.js';
import { keepCases, DenseBuilder } from './tensor.js';
import type { EpochUnit } from './timestamp.js';
import type { TimeZone } from './zone.js';

export interface IngestOptions {
  edges: string;
  columns: EdgeColumns;
  /** Overrides the delimiter the extension implies (and allows other extensions as delimited text). */
  delimiter?: string;
  agg: Aggregation;
  caseSeconds: number;
  stepSeconds: number;
  zone: TimeZone;
  epochUnit: EpochUnit;
  /** `--start` / `--end` already on the zone's wall clock (see timestamp.ts: parseBound). */
  startWall?: number;
  endWall?: number;
  nodes: NodeSpec;
  other: 'drop' | 'pool';
  undirected: boolean;
  dropEmpty: boolean;
  maxMemoryBytes: number;
}

export interface IngestSummary {
  /** Row counts of the filling pass (the first pass sees the same rows). */
  scan: ScanCounts;
  /** Edges that reached the tensor, and those left out for touching an unselected node (--other drop). */
  edgesUsed: number;
  edgesDropped: number;
  /** Distinct nodes in the window, before selection. */
  nodesSeen: number;
  casesDropped: number;
  shape: DatasetShape;
  /** Peak bytes of the dense build (the guarded quantity). */
  denseBytes: number;
}

/** Pass 1: activity per node (weight for sum, event count otherwise) and the time range. */
async function survey(options: IngestOptions, rules: EdgeRules, reader: EdgeReader) {
  const activity = new Map<string, number>();
  let first = Infinity;
  let last = -Infinity;
  const byWeight = options.agg === 'sum';
  const counts = await scanEdges(reader, rules, (wall, source, target, weight) => {
    const amount = byWeight ? weight : 1;
    activity.set(source, (activity.get(source) ?? 0) + amount);
    if (target !== source) activity.set(target, (activity.get(target) ?? 0) + amount);
    if (wall < first) first = wall;
    if (wall > last) last = wall;
  });
  return { activity, first, last, counts };
}

/**
 * Edge log -> dense Dataset in two streaming passes: survey (node activity, time range), then fill.
 * Memory is the dense tensor plus one batch of rows plus the per-node activity map.
 */
export async function ingestEdges(options: IngestOptions): Promise<{ dataset: Dataset; summary: IngestSummary }> {
  const steps = stepsPerCase(options.caseSeconds, options.stepSeconds);
  if (options.startWall !== undefined && options.endWall !== undefined && options.endWall <= options.startWall) {
    throw new UserError('--end: must be later than --start');
  }
  const reader = await openEdgeReader(options.edges, options.columns, options.delimiter);
  const rules: EdgeRules = {
    columns: options.columns,
    zone: options.zone,
    epochUnit: options.epochUnit,
    startWall: options.startWall,
    endWall: options.endWall,
  };
  const { activity, first, last, counts: surveyCounts } = await survey(options, rules, reader);
  if (surveyCounts.edges === 0) {
    const why = surveyCounts.rows === 0 ? 'no data rows' : `none of ${surveyCounts.rows} rows has all values inside the --start/--end window`;
    throw new UserError(`${options.edges}: no edges to ingest (${why})`);
  }

  const layout = nodeLayout(selectNodes(options.nodes, activity), options.other);
  const grid = buildGrid({
    caseSeconds: options.caseSeconds,
    stepSeconds: options.stepSeconds,
    startWall: options.startWall,
    endWall: options.endWall,
    firstEvent: first,
    lastEvent: last,
  });
  const n = layout.names.length;
  const fullShape: DatasetShape = [grid.cases, steps, n, n];
  checkDenseFits(fullShape, options.agg, options.maxMemoryBytes);

  const builder = new DenseBuilder(fullShape, options.agg, options.undirected);
  let edgesDropped = 0;
  const scan = await scanEdges(reader, rules, (wall, source, target, weight) => {
    const i = layout.indexOf(source);
    const j = layout.indexOf(target);
    const g = stepIndex(grid, wall);
    if (i < 0 || j < 0 || g < 0) {
      edgesDropped++;
      return;
    }
    builder.add(g, i, j, weight);
  });
  let data = builder.finish();

  let caseTimes = caseStartTimes(grid, options.zone);
  let shape = fullShape;
  let casesDropped = 0;
  if (options.dropEmpty) {
    const keep = Array.from(builder.eventsPerCase, (events) => events > 0);
    data = keepCases(data, fullShape, keep);
    casesDropped = keep.filter((kept) => !kept).length;
    shape = [grid.cases - casesDropped, steps, n, n];
    caseTimes = caseTimes.filter((_, m) => keep[m]);
    if (shape[0] === 0) throw new UserError(`${options.edges}: --drop-empty: every case is empty (no edge between selected nodes)`);
  }
  const dataset: Dataset = { data, shape, nodeNames: layout.names, caseTimes, stepSeconds: options.stepSeconds };
  const summary: IngestSummary = {
    scan,
    edgesUsed: scan.edges - edgesDropped,
    edgesDropped,
    nodesSeen: activity.size,
    casesDropped,
    shape,
    denseBytes: denseBytes(fullShape, options.agg),
  };
  return { dataset, summary };
}
