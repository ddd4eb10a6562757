import { Rng } from '../engine/random.js';
import { UserError } from '../errors.js';
import type { Dataset, SparseCells } from '../io/dataset.js';
import { drawWindow, sampleDistinct, type TimeWindow } from '../data/anomalies.js';
import type { AnomalyKind } from '../data/options.js';

/**
 * Known anomalies on real cases. Unlike the synthetic generator, which adds jumps in weight units on
 * a network it built, real data has its own scale and no known network: every injection here is
 * relative to the data (per-edge typical levels), and the network is read off the data itself.
 */
export interface InjectOptions {
  /** Share of cases to inject into: exactly round(ratio * M), among cases not already labelled. */
  ratio: number;
  kinds: AnomalyKind[];
  /** Relative size: burst/new-links add magnitude x a typical level; phase shifts by magnitude x the window. */
  magnitude: number;
  seed: number;
}

/** What the data says is normal, from the cases not labelled anomalous. */
export interface EdgeProfile {
  /** Mean of each cell (i * N + j) over all normal snapshots: the edge's typical level. */
  level: Float64Array;
  /** Cells with a positive typical level. */
  active: Int32Array;
  /** Off-diagonal cells non-zero in at most QUIET_SHARE of normal snapshots: where new links may appear. */
  quiet: Int32Array;
  /** Median typical level of the active cells: the size of a new link. */
  typicalActive: number;
}

const QUIET_SHARE = 0.01;
/** An injection can change nothing (an outage where the links are already 0, a phase shift of a flat series): redraw. */
const MAX_INJECTION_TRIES = 20;

export function edgeProfile(dataset: Dataset): EdgeProfile {
  const [cases, steps, nodes] = dataset.shape;
  const cellsPerStep = nodes * nodes;
  const sum = new Float64Array(cellsPerStep);
  const nonZero = new Float64Array(cellsPerStep);
  let snapshots = 0;
  for (let m = 0; m < cases; m++) {
    if (dataset.labels?.[m] === 1) continue;
    for (let t = 0; t < steps; t++) {
      const base = (m * steps + t) * cellsPerStep;
      for (let cell = 0; cell < cellsPerStep; cell++) {
        const value = dataset.data[base + cell];
        sum[cell] += value;
        if (value !== 0) nonZero[cell] += 1;
      }
      snapshots++;
    }
  }
  const level = sum.map((total) => (snapshots > 0 ? total / snapshots : 0));
  const cellsWhere = (keep: (cell: number) => boolean) => Int32Array.from({ length: cellsPerStep }, (_, cell) => cell).filter(keep);
  const active = cellsWhere((cell) => level[cell] > 0);
  const quiet = cellsWhere((cell) => cell % (nodes + 1) !== 0 && nonZero[cell] <= QUIET_SHARE * snapshots);
  const sorted = Float64Array.from(active, (cell) => level[cell]).sort();
  return { level, active, quiet, typicalActive: sorted.length > 0 ? sorted[Math.floor(sorted.length / 2)] : 0 };
}

interface CaseView {
  data: Float32Array;
  steps: number;
  nodes: number;
}

type RealInjector = (view: CaseView, profile: EdgeProfile, magnitude: number, rng: Rng) => void;

/** Short events last 2 to T/2 steps, as in the synthetic generator. */
const eventWindow = (rng: Rng, steps: number): TimeWindow => drawWindow(rng, steps, 2, Math.floor(steps / 2));
/** Jumps vary by +-20% around the magnitude, as in the synthetic generator. */
const jumpFactor = (rng: Rng, magnitude: number) => magnitude * rng.uniform(0.8, 1.2);

function addInWindow(view: CaseView, window: TimeWindow, cells: Int32Array, amount: (cell: number) => number): void {
  for (let t = window.start; t < window.start + window.length; t++) {
    const base = t * view.nodes * view.nodes;
    for (const cell of cells) view.data[base + cell] += amount(cell);
  }
}

/** Burst: N/5 active edges rise by magnitude x their own typical level. */
const burst: RealInjector = (view, profile, magnitude, rng) => {
  const cells = sampleDistinct(rng, profile.active, Math.max(1, Math.round(view.nodes / 5)));
  const factor = jumpFactor(rng, magnitude);
  addInWindow(view, eventWindow(rng, view.steps), cells, (cell) => factor * profile.level[cell]);
};

/** Outage: every link from or to one active node drops to 0 for the window. */
const outage: RealInjector = (view, profile, _magnitude, rng) => {
  const endpoint = profile.active[rng.int(profile.active.length)];
  const node = rng.next() < 0.5 ? Math.floor(endpoint / view.nodes) : endpoint % view.nodes;
  const window = eventWindow(rng, view.steps);
  for (let t = window.start; t < window.start + window.length; t++) {
    const base = t * view.nodes * view.nodes;
    for (let other = 0; other < view.nodes; other++) {
      view.data[base + node * view.nodes + other] = 0;
      view.data[base + other * view.nodes + node] = 0;
    }
  }
};

/** New links: N/2 (near) always-zero edges carry magnitude x the median active level. */
const newLinks: RealInjector = (view, profile, magnitude, rng) => {
  const cells = sampleDistinct(rng, profile.quiet, Math.max(1, Math.round(view.nodes / 2)));
  const size = jumpFactor(rng, magnitude) * profile.typicalActive;
  addInWindow(view, eventWindow(rng, view.steps), cells, () => size);
};

/**
 * Phase: 0.55 N active edges run late inside a window of at least half the case: each edge's own
 * values there are rotated by magnitude x the window length (at least one step), so values stay in
 * the edge's range and only their timing is wrong.
 */
const phase: RealInjector = (view, profile, magnitude, rng) => {
  const cells = sampleDistinct(rng, profile.active, Math.max(1, Math.round(0.55 * view.nodes)));
  const window = drawWindow(rng, view.steps, Math.max(2, Math.ceil(view.steps / 2)), view.steps);
  const shift = Math.max(1, Math.round(magnitude * window.length)) % window.length || 1;
  const cellsPerStep = view.nodes * view.nodes;
  const series = new Float32Array(window.length);
  for (const cell of cells) {
    for (let k = 0; k < window.length; k++) series[k] = view.data[(window.start + k) * cellsPerStep + cell];
    for (let k = 0; k < window.length; k++) {
      view.data[(window.start + k) * cellsPerStep + cell] = series[(k - shift + window.length) % window.length];
    }
  }
};

const INJECTORS: Readonly<Record<AnomalyKind, RealInjector>> = { burst, outage, 'new-links': newLinks, phase };

function infeasibility(kind: AnomalyKind, profile: EdgeProfile, steps: number): string | null {
  if (kind === 'new-links') {
    if (profile.quiet.length === 0) return 'no edge is (near) always zero';
    return profile.typicalActive > 0 ? null : 'the data has no non-zero edge to take a size from';
  }
  if (profile.active.length === 0) return 'the normal cases are all zero';
  return kind === 'phase' && steps < 2 ? 'a phase shift needs at least 2 steps per case' : null;
}

/** Changed cells of one case, as (case, t, i, j, injected - original); float32 minus float32 is exact in float64. */
function appendChanges(diff: number[][], caseIndex: number, original: Float32Array, changed: Float32Array, nodes: number): number {
  let count = 0;
  for (let k = 0; k < original.length; k++) {
    const delta = changed[k] - original[k];
    if (delta === 0) continue;
    const inStep = k % (nodes * nodes);
    diff.push([caseIndex, Math.floor(k / (nodes * nodes)), Math.floor(inStep / nodes), inStep % nodes, delta]);
    count++;
  }
  return count;
}

function toSparse(entries: number[][]): SparseCells {
  const column = (k: number) => entries.map((entry) => entry[k]);
  return {
    caseIndex: Int32Array.from(column(0)),
    t: Int32Array.from(column(1)),
    i: Int32Array.from(column(2)),
    j: Int32Array.from(column(3)),
    value: Float64Array.from(column(4)),
  };
}

export interface InjectSummary {
  perKind: Record<AnomalyKind, number>;
  cells: number;
}

/**
 * Returns a copy of `dataset` with anomalies injected into round(ratio * M) unlabelled cases, each of
 * a kind drawn uniformly from `kinds`; `labels` marks them and `diff` gains exactly the changed cells
 * (earlier labels and diff entries are kept). Node names, case times and step length are carried over.
 */
export function injectAnomalies(dataset: Dataset, options: InjectOptions): { dataset: Dataset; summary: InjectSummary } {
  const [cases, steps, nodes] = dataset.shape;
  const labels = dataset.labels ? dataset.labels.slice() : new Uint8Array(cases);
  const eligible = Int32Array.from({ length: cases }, (_, m) => m).filter((m) => labels[m] === 0);
  const wanted = Math.round(options.ratio * cases);
  if (wanted > eligible.length) {
    throw new UserError(`--ratio ${options.ratio}: needs ${wanted} cases but only ${eligible.length} are not already labelled anomalous`);
  }
  const profile = edgeProfile(dataset);
  if (wanted > 0) {
    for (const kind of options.kinds) {
      const reason = infeasibility(kind, profile, steps);
      if (reason !== null) throw new UserError(`--kinds: ${kind} is impossible on this data: ${reason}; drop it from --kinds`);
    }
  }
  const rng = new Rng(options.seed);
  const chosen = rng.shuffle(eligible).subarray(0, wanted).sort();
  const data = dataset.data.slice();
  const caseSize = steps * nodes * nodes;
  const entries: number[][] = [];
  const perKind = Object.fromEntries(options.kinds.map((kind) => [kind, 0])) as Record<AnomalyKind, number>;
  for (const m of chosen) {
    const view = { data: data.subarray(m * caseSize, (m + 1) * caseSize), steps, nodes };
    const original = view.data.slice();
    let done = false;
    for (let attempt = 0; attempt < MAX_INJECTION_TRIES && !done; attempt++) {
      const kind = options.kinds[rng.int(options.kinds.length)];
      INJECTORS[kind](view, profile, options.magnitude, rng);
      done = appendChanges(entries, m, original, view.data, nodes) > 0;
      if (done) perKind[kind]++;
      else view.data.set(original);
    }
    if (!done) throw new UserError(`case ${m}: no injected anomaly changed any value in ${MAX_INJECTION_TRIES} tries; raise --magnitude (${options.magnitude})`);
    labels[m] = 1;
  }
  const injectedCells = entries.length;
  const old = dataset.diff;
  if (old) for (let k = 0; k < old.value.length; k++) entries.push([old.caseIndex[k], old.t[k], old.i[k], old.j[k], old.value[k]]);
  // One order for the whole diff, case then step then cell, however old and new entries interleave.
  entries.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2] || a[3] - b[3]);
  return {
    dataset: { ...dataset, data, labels, diff: toSparse(entries) },
    summary: { perKind, cells: injectedCells },
  };
}
