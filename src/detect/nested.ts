/**
 * Nested-level answers for one case: which cells (t, i, j) deviate from the reconstructed normal,
 * and which nodes and time steps carry the deviation. Pure functions over one case's
 * (T, N, N) row-major views of observed X and expected X^ (the reconstruction).
 */

export interface CellDeviation {
  t: number;
  i: number;
  j: number;
  observed: number;
  expected: number;
  /** observed - expected */
  deviation: number;
}

/** The `count` cells with the largest |observed - expected|, largest first (ties: earlier cell first). */
export function topDeviations(
  observed: ArrayLike<number>, expected: ArrayLike<number>, nodes: number, count: number,
): CellDeviation[] {
  const cells = observed.length;
  const keep = Math.min(count, cells);
  if (keep <= 0) return [];
  // Bounded insertion into a sorted list: O(cells * keep) worst case, near O(cells) in practice since
  // most cells fall below the current k-th largest and are rejected by one comparison.
  const best: number[] = [];
  const bestSize: number[] = [];
  for (let cell = 0; cell < cells; cell++) {
    const size = Math.abs(observed[cell] - expected[cell]);
    if (best.length === keep && size <= bestSize[keep - 1]) continue;
    let position = best.length === keep ? keep - 1 : best.length;
    while (position > 0 && bestSize[position - 1] < size) {
      best[position] = best[position - 1];
      bestSize[position] = bestSize[position - 1];
      position--;
    }
    best[position] = cell;
    bestSize[position] = size;
  }
  const perStep = nodes * nodes;
  return best.map((cell) => ({
    t: Math.floor(cell / perStep),
    i: Math.floor((cell % perStep) / nodes),
    j: cell % nodes,
    observed: observed[cell],
    expected: expected[cell],
    deviation: observed[cell] - expected[cell],
  }));
}

/** Per node: sum of |deviation| over its outgoing (row i) and incoming (column i) edges, all steps; a self-loop counts once. */
export function nodeScores(observed: ArrayLike<number>, expected: ArrayLike<number>, nodes: number): Float64Array {
  const scores = new Float64Array(nodes);
  for (let cell = 0; cell < observed.length; cell++) {
    const size = Math.abs(observed[cell] - expected[cell]);
    const i = Math.floor(cell / nodes) % nodes;
    const j = cell % nodes;
    scores[i] += size;
    if (j !== i) scores[j] += size;
  }
  return scores;
}

/** Per time step: sum of |deviation| over all its cells. */
export function stepScores(observed: ArrayLike<number>, expected: ArrayLike<number>, nodes: number): Float64Array {
  const perStep = nodes * nodes;
  const scores = new Float64Array(observed.length / perStep);
  for (let cell = 0; cell < observed.length; cell++) {
    scores[Math.floor(cell / perStep)] += Math.abs(observed[cell] - expected[cell]);
  }
  return scores;
}
