import type { Rng } from '../engine/random.js';
import { linksOfNode, type Network } from './network.js';
import type { AnomalyKind } from './options.js';

/** What an injector needs besides the case itself. */
export interface InjectionContext {
  network: Network;
  steps: number;
  period: number;
  magnitude: number;
}

/**
 * Turns the normal case in `caseData` (steps x N x N, row-major) into an anomalous one, in place.
 * Injectors only change values; the caller finds the changed cells by comparing with the normal copy,
 * so `diff` is exact by construction.
 */
export type Injector = (caseData: Float32Array, context: InjectionContext, rng: Rng) => void;

export interface TimeWindow {
  start: number;
  length: number;
}

/** A window of `minLength`..`maxLength` steps (clamped to the case) at a uniform position. */
export function drawWindow(rng: Rng, steps: number, minLength: number, maxLength: number): TimeWindow {
  const low = Math.min(minLength, steps);
  const high = Math.max(low, Math.min(maxLength, steps));
  const length = low + rng.int(high - low + 1);
  return { start: rng.int(steps - length + 1), length };
}

/** Short events last 2 to T/2 steps, as in the example (2-5 of 10). */
function drawEventWindow(rng: Rng, steps: number): TimeWindow {
  return drawWindow(rng, steps, 2, Math.floor(steps / 2));
}

/** The example's jumps vary by +-20% around the magnitude (0.40-0.60 for 0.5). */
function drawJump(rng: Rng, magnitude: number): number {
  return magnitude * rng.uniform(0.8, 1.2);
}

/** `count` distinct entries of `pool` (partial Fisher-Yates on a copy), capped at the pool size. */
export function sampleDistinct(rng: Rng, pool: Int32Array, count: number): Int32Array {
  const copy = pool.slice();
  const take = Math.min(count, copy.length);
  for (let k = 0; k < take; k++) {
    const other = k + rng.int(copy.length - k);
    const tmp = copy[k];
    copy[k] = copy[other];
    copy[other] = tmp;
  }
  return copy.subarray(0, take);
}

function allLinks(network: Network): Int32Array {
  return Int32Array.from({ length: network.linkCell.length }, (_, e) => e);
}

/** Adds `jump` to the given cells at every step of the window. */
function addInWindow(caseData: Float32Array, nodes: number, window: TimeWindow, cells: Int32Array, jump: number): void {
  for (let t = window.start; t < window.start + window.length; t++) {
    const base = t * nodes * nodes;
    for (const cell of cells) caseData[base + cell] += jump;
  }
}

/** Burst: a set of existing links (N/5 of them, 4 for 20 nodes as in the example) jump up together. */
const burst: Injector = (caseData, { network, steps, magnitude }, rng) => {
  const links = sampleDistinct(rng, allLinks(network), Math.max(1, Math.round(network.nodes / 5)));
  const cells = links.map((e) => network.linkCell[e]);
  addInWindow(caseData, network.nodes, drawEventWindow(rng, steps), cells, drawJump(rng, magnitude));
};

/** Outage (half the time) or surge of one node: all its in- and out-links drop to 0, or all jump up. */
const outage: Injector = (caseData, { network, steps, magnitude }, rng) => {
  const linked = Int32Array.from({ length: network.nodes }, (_, node) => node).filter(
    (node) => linksOfNode(network, node).length > 0,
  );
  const node = linked[rng.int(linked.length)];
  const cells = linksOfNode(network, node).map((e) => network.linkCell[e]);
  const window = drawEventWindow(rng, steps);
  if (rng.next() < 0.5) {
    addInWindow(caseData, network.nodes, window, cells, drawJump(rng, magnitude));
    return;
  }
  for (let t = window.start; t < window.start + window.length; t++) {
    const base = t * network.nodes * network.nodes;
    for (const cell of cells) caseData[base + cell] = 0;
  }
};

/** New links: pairs never linked normally (N/2 of them) carry the jump; they are 0 in every normal case. */
const newLinks: Injector = (caseData, { network, steps, magnitude }, rng) => {
  const cells = sampleDistinct(rng, network.absentCells, Math.max(1, Math.round(network.nodes / 2)));
  addInWindow(caseData, network.nodes, drawEventWindow(rng, steps), cells, drawJump(rng, magnitude));
};

/**
 * Phase: a set of links (0.55 N, 11 for 20 nodes as in the example) runs half a period late inside the
 * window: each link's values there are rotated by period/2 steps. The values are the link's own
 * values of this case, so they stay in its normal range and only the temporal context reveals them.
 * The window spans at least one period (or the whole case when shorter), so the rotation has a full
 * cycle to act on; the example always used the whole case.
 */
const phase: Injector = (caseData, { network, steps, period }, rng) => {
  const links = sampleDistinct(rng, allLinks(network), Math.max(1, Math.round(0.55 * network.nodes)));
  const window = drawWindow(rng, steps, period, steps);
  // A rotation by a multiple of the window length would be the identity, so fall back to one step.
  const shift = Math.round(period / 2) % window.length || 1;
  const cellsPerStep = network.nodes * network.nodes;
  const series = new Float32Array(window.length);
  for (const e of links) {
    const cell = network.linkCell[e];
    for (let k = 0; k < window.length; k++) series[k] = caseData[(window.start + k) * cellsPerStep + cell];
    for (let k = 0; k < window.length; k++) {
      const from = (k - shift + window.length) % window.length;
      caseData[(window.start + k) * cellsPerStep + cell] = series[from];
    }
  }
};

export const INJECTORS: Readonly<Record<AnomalyKind, Injector>> = Object.freeze({
  burst,
  outage,
  'new-links': newLinks,
  phase,
});

/** Why a kind cannot be injected on this network at all (null when it can). */
export function kindInfeasibility(kind: AnomalyKind, network: Network): string | null {
  if (kind === 'new-links') return network.absentCells.length === 0 ? 'the network has no absent links to add' : null;
  return network.linkCell.length === 0 ? 'the network has no links' : null;
}
