/**
 * LSTM-AE: DeepSphere's own network without the hypersphere (no r, c, slack or distance terms, no
 * case weights p_i), trained on the plain mean squared reconstruction error; the case score is
 * that error. It answers "what does the hypersphere add?", so everything else is the robust
 * preset's: the same encoder/decoder/dense network and training settings, the same input
 * standardisation, and the same per-cell calibration for nested flags. Like the classic
 * baselines it labels cases by the contamination rule on its training scores.
 *
 * The result is an ordinary DeepSphereModel (case score 'reconstruction'), so it is evaluated,
 * saved and used for detection exactly like the model, nested residuals included.
 */
import type { DeepSphereModel } from '../detect/model.js';
import type { Dataset } from '../io/dataset.js';
import { fit, type FitOptions } from '../train/fit.js';
import { checkContamination, DEFAULT_CONTAMINATION } from './contamination.js';

export interface LstmAutoencoderOptions extends Pick<FitOptions, 'epochs' | 'seed' | 'hidden' | 'onEpoch' | 'gemm'> {
  /** Expected share of anomalies: the top share of training errors sets the label threshold (default 0.1). */
  contamination?: number;
}

export async function fitLstmAutoencoder(train: Dataset, options: LstmAutoencoderOptions = {}): Promise<DeepSphereModel> {
  const { contamination = DEFAULT_CONTAMINATION, epochs, seed, hidden, onEpoch, gemm } = options;
  checkContamination(contamination, 'lstm-ae');
  return fit(train, {
    epochs, seed, hidden, onEpoch, gemm,
    preset: 'robust',
    objective: 'reconstruction',
    caseScore: 'reconstruction',
    threshold: `contamination:${contamination}`,
  });
}
