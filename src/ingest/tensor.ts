import type { DatasetShape } from '../io/dataset.js';
import type { Aggregation } from './aggregation.js';

/**
 * Fills the dense row-major (M, T, N, N) tensor cell by cell. A cell is addressed by its global step
 * g = m*T + t (see grid.ts) and its endpoints: index (g*N + i)*N + j.
 * Undirected graphs aggregate on the upper triangle (i <= j) and are mirrored at the end, so an
 * event a->b and an event b->a land in the same cell and a self-loop is counted once.
 */
export class DenseBuilder {
  private readonly nodes: number;
  private readonly steps: number;
  private readonly cells: number;
  private readonly count: Float32Array | null;
  private readonly sum: Float64Array | null;
  private readonly events: Uint32Array | null;
  /** Events added per case, to find the empty ones. */
  readonly eventsPerCase: Float64Array;

  constructor(
    shape: DatasetShape,
    agg: Aggregation,
    private readonly undirected: boolean,
  ) {
    const [cases, steps, nodes] = shape;
    this.nodes = nodes;
    this.steps = steps;
    this.cells = cases * steps * nodes * nodes;
    this.count = agg === 'count' ? new Float32Array(this.cells) : null;
    this.sum = agg === 'count' ? null : new Float64Array(this.cells);
    this.events = agg === 'mean' ? new Uint32Array(this.cells) : null;
    this.eventsPerCase = new Float64Array(cases);
  }

  add(globalStep: number, source: number, target: number, weight: number): void {
    let i = source;
    let j = target;
    if (this.undirected && i > j) {
      i = target;
      j = source;
    }
    const cell = (globalStep * this.nodes + i) * this.nodes + j;
    if (this.count) this.count[cell] += 1;
    else this.sum![cell] += weight;
    if (this.events) this.events[cell] += 1;
    this.eventsPerCase[Math.floor(globalStep / this.steps)] += 1;
  }

  /** The float32 tensor. Call once: sum/mean narrow their float64 buffer in place. */
  finish(): Float32Array {
    const data = this.count ?? narrowInPlace(this.sum!, this.events);
    if (this.undirected) mirrorUpperTriangle(data, this.nodes);
    return data;
  }
}

/**
 * float64 -> float32 in the same buffer (mean: divided by the event count first). Writing float32
 * k touches bytes [4k, 4k+4), which belong to float64 element floor(k/2) <= k, already read: so the
 * forward loop never overwrites a value it still needs, and no second buffer is allocated.
 */
function narrowInPlace(values: Float64Array, events: Uint32Array | null): Float32Array {
  const narrow = new Float32Array(values.buffer, values.byteOffset, values.length);
  for (let k = 0; k < values.length; k++) {
    const value = values[k];
    narrow[k] = events ? (events[k] > 0 ? value / events[k] : 0) : value;
  }
  return narrow;
}

function mirrorUpperTriangle(data: Float32Array, nodes: number): void {
  const block = nodes * nodes;
  for (let base = 0; base < data.length; base += block) {
    for (let i = 0; i < nodes; i++) {
      for (let j = i + 1; j < nodes; j++) data[base + j * nodes + i] = data[base + i * nodes + j];
    }
  }
}

/**
 * Moves the cases to keep to the front, in order, and returns a view over them (no copy, so
 * dropping never needs a second tensor's worth of memory).
 */
export function keepCases(data: Float32Array, shape: DatasetShape, keep: boolean[]): Float32Array {
  const caseSize = shape[1] * shape[2] * shape[3];
  let kept = 0;
  for (let m = 0; m < shape[0]; m++) {
    if (!keep[m]) continue;
    if (kept !== m) data.copyWithin(kept * caseSize, m * caseSize, (m + 1) * caseSize);
    kept++;
  }
  return data.subarray(0, kept * caseSize);
}
