/**
 * What training minimises.
 *
 *   'deepsphere'      the paper's L (model/network.ts): hypersphere terms + p-weighted reconstruction.
 *   'reconstruction'  the same network without its hypersphere, i.e. a plain LSTM autoencoder
 *                     trained on the mean squared reconstruction error (the LSTM-AE baseline).
 *
 * The autoencoder is obtained from the unchanged network by pinning the hypersphere's tensors,
 * rather than by a second forward/backward implementation: with the time weights w = 0 every
 * embedding is z_b = 0, and with the centre c = 0 every distance is s_b = 0. Then
 *   - every case weight is the same, p_b = 1/B, so lambda mean_b p_b e_b is (lambda/B) mean_b e_b
 *     (and lambda sum_b p_b e_b, the 'weighted' form, is lambda mean_b e_b): plain MSE;
 *   - dL/dz_b = 2 (z_b - c) dL/ds_b = 0, so the encoder learns only through the decoder's initial
 *     state, as in an ordinary sequence autoencoder;
 *   - r^2 and the slack are constants (r = 1 > 0 = s_b) that add nothing to any gradient.
 * Those three tensors are left out of the optimiser, so they stay pinned.
 */
import type { ParamTensor, Params } from '../model/index.js';

export const TRAINING_OBJECTIVES = ['deepsphere', 'reconstruction'] as const;
export type TrainingObjective = (typeof TRAINING_OBJECTIVES)[number];

/** The tensors that make the hypersphere: the time weights w, the centre c and the radius r. */
const HYPERSPHERE_TENSORS: ReadonlySet<string> = new Set(['attention', 'centre', 'radius']);

/** Pins the hypersphere's tensors for the 'reconstruction' objective (w = 0, c = 0, r = 1); no-op for 'deepsphere'. */
export function prepareParams(objective: TrainingObjective, params: Params): void {
  if (objective === 'deepsphere') return;
  params.attention.fill(0);
  params.centre.fill(0);
  params.radius[0] = 1;
}

/** Whether the optimiser updates `tensor` under `objective`. */
export function isTrained(objective: TrainingObjective, tensor: ParamTensor): boolean {
  return objective === 'deepsphere' || !HYPERSPHERE_TENSORS.has(tensor.name);
}
