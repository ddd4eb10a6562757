/**
 * Where the hypersphere centre c starts and whether it moves. 'learned' (the paper): a parameter
 * from a random normal start. 'mean': a parameter that starts at the mean embedding of the training
 * cases under the initial weights (the sphere starts around the data instead of wherever the random
 * draw put it). 'fixed' (Deep SVDD, Ruff et al. 2018): that mean embedding, never updated. A learned c can follow the embeddings wherever they
 * shrink to, so distance minimisation can pull everything to one point (the hypersphere collapses
 * and d no longer separates anything); a centre fixed away from the origin has to be reached by
 * the encoder, which the reconstruction term keeps informative.
 */
import type { DeepSphereNetwork } from '../model/index.js';

export const CENTRE_RULES = ['learned', 'mean', 'fixed'] as const;
export type CentreRule = (typeof CENTRE_RULES)[number];

/** Sets network.params.centre to the mean of z over `cases` row-major cases of `data`, embedded `chunk` at a time. */
export function centreOnMeanEmbedding(network: DeepSphereNetwork, data: Float32Array, cases: number, chunk: number): void {
  const { steps, features, hidden } = network.shape;
  const caseSize = steps * features;
  const z = new Float32Array(chunk * hidden);
  const sum = new Float64Array(hidden);
  for (let first = 0; first < cases; first += chunk) {
    const count = Math.min(chunk, cases - first);
    network.embed(data.subarray(first * caseSize, (first + count) * caseSize), count, z);
    for (let k = 0; k < count * hidden; k++) sum[k % hidden] += z[k];
  }
  for (let j = 0; j < hidden; j++) network.params.centre[j] = sum[j] / cases;
}
