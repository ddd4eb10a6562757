import { Rng } from '../engine/random.js';

/**
 * The one directed weighted network every case of a data set lives on.
 * Links are listed by cell (i * N + j, row-major like one N x N snapshot) with their base weight and
 * the phase offset of their rhythm, so a case is filled by walking the link list, not the N x N grid.
 */
export interface Network {
  nodes: number;
  /** Community of each node (0-based). */
  community: Int32Array;
  /** Cell i * N + j of each link i -> j, ascending. */
  linkCell: Int32Array;
  /** Base weight of each link (its mean at activity level 1). */
  weight: Float64Array;
  /** Phase offset of each link's rhythm, radians. */
  phase: Float64Array;
  /** Off-diagonal cells without a link, ascending: the only places a `new-links` anomaly may use. */
  absentCells: Int32Array;
}

/*
 * Shape of the example network (/work/shared/data, 20 nodes, 3 communities, 91 links): about 55% of
 * the ordered pairs inside a community are linked with weights 0.5-1.0, about 8% across communities
 * with weights 0.05-0.3; no self-loops; link phases spread uniformly over the cycle.
 */
const WITHIN_DENSITY = 0.55;
const ACROSS_DENSITY = 0.08;
const WITHIN_WEIGHT: [number, number] = [0.5, 1.0];
const ACROSS_WEIGHT: [number, number] = [0.05, 0.3];

/**
 * Builds the network from its own seed, independent of the case seed, so a train file and a test
 * file made with different `--seed` but the same `--graph-seed` describe the same network.
 */
export function buildNetwork(nodes: number, communities: number, graphSeed: number): Network {
  const rng = new Rng(graphSeed);
  const community = assignCommunities(rng, nodes, communities);
  const cells: number[] = [];
  const weights: number[] = [];
  const phases: number[] = [];
  const absent: number[] = [];
  for (let i = 0; i < nodes; i++) {
    for (let j = 0; j < nodes; j++) {
      if (i === j) continue;
      const within = community[i] === community[j];
      if (rng.next() < (within ? WITHIN_DENSITY : ACROSS_DENSITY)) {
        const [low, high] = within ? WITHIN_WEIGHT : ACROSS_WEIGHT;
        cells.push(i * nodes + j);
        weights.push(rng.uniform(low, high));
        phases.push(rng.uniform(0, 2 * Math.PI));
      } else {
        absent.push(i * nodes + j);
      }
    }
  }
  return {
    nodes,
    community,
    linkCell: Int32Array.from(cells),
    weight: Float64Array.from(weights),
    phase: Float64Array.from(phases),
    absentCells: Int32Array.from(absent),
  };
}

/**
 * Random community sizes, like the example's (9, 7 and 4 of 20), but never an empty community:
 * in a random node order the first `communities` nodes seed one community each, the rest join at random.
 */
function assignCommunities(rng: Rng, nodes: number, communities: number): Int32Array {
  const order = rng.shuffle(Int32Array.from({ length: nodes }, (_, k) => k));
  const community = new Int32Array(nodes);
  for (let k = 0; k < nodes; k++) community[order[k]] = k < communities ? k : rng.int(communities);
  return community;
}

/** Indices (into the link list) of every link from or to `node`. */
export function linksOfNode(network: Network, node: number): Int32Array {
  const found: number[] = [];
  for (let e = 0; e < network.linkCell.length; e++) {
    const cell = network.linkCell[e];
    if (Math.floor(cell / network.nodes) === node || cell % network.nodes === node) found.push(e);
  }
  return Int32Array.from(found);
}
