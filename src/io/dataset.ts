/**
 * The one dataset value every command shares: cases of T snapshots of an N-node weighted network.
 * io/ knows nothing of the model; the model sees only `data` and `shape`.
 */

/** Shape of `data`: [cases M, steps T, nodes N, nodes N]. */
export type DatasetShape = [cases: number, steps: number, nodes: number, nodesAgain: number];

/**
 * Known anomalous cells (the original's `diff`), sparse, struct-of-arrays:
 * entry k says cell (caseIndex[k], t[k], i[k], j[k]) deviates by value[k] (anomalous minus normal).
 */
export interface SparseCells {
  caseIndex: Int32Array;
  t: Int32Array;
  i: Int32Array;
  j: Int32Array;
  value: Float64Array;
}

export interface Dataset {
  /** Row-major (M, T, N, N) values, whatever dtype the file held. */
  data: Float32Array;
  shape: DatasetShape;
  /** Per case: 1 = anomalous, 0 = normal. Absent when the file has no labels. */
  labels?: Uint8Array;
  /** Injected / known deviations. Absent when the file has no `diff`. */
  diff?: SparseCells;
  /** Node names (length N), when known (e.g. airports); otherwise commands use indices. */
  nodeNames?: string[];
  /** Start time of each case (length M), ISO 8601, when known. */
  caseTimes?: string[];
  /** Duration of one time step in seconds, when known. */
  stepSeconds?: number;
  /** The dtype `data` had in its file, e.g. 'float64' (informational). */
  sourceDtype?: string;
}
