/**
 * Training options and the two presets.
 *
 * - `paper`: the original DeepSphere code exactly (the parity tests pin its equations).
 * - `robust` (the default): the same network and loss terms, trained and scored the way that
 *   measured best here (see README "Accuracy"): inputs standardised per cell with robust training
 *   statistics, shuffled mini-batches of 64, a larger step, the reconstruction term as the
 *   p-weighted average error (so its weight does not shrink with the batch), and a case score
 *   averaging distance and reconstruction evidence, each calibrated on the training cases.
 */
import type { CaseScoreKind } from '../detect/calibration.js';
import type { CentreRule } from './centre.js';

export const PRESET_NAMES = ['robust', 'paper'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

export interface TrainOptions {
  /** Passes over the training cases (paper: 300). */
  epochs: number;
  /** Cases per Adam step; 0 = full batch, as the paper. Mini-batches are reshuffled each epoch. */
  batchSize: number;
  /** LSTM hidden size H (paper: 30). */
  hidden: number;
  /** Adam step size (paper: 1e-3). */
  learningRate: number;
  /** lambda: weight of the weighted reconstruction term (paper: 2.0). */
  lambda: number;
  /** gamma: weight of the slack sum outside the sphere (paper: 0.05). */
  gamma: number;
  /** The sphere rule: a case is anomalous iff d > r (1 + tolerance) (paper: 0.1). */
  tolerance: number;
  /** Input dropout keep probability (paper: 0.98). */
  keepProb: number;
  /** Seed of initialisation, dropout masks and shuffling: same seed => same model on the same backend. */
  seed: number;
  /**
   * How the batch's reconstruction errors e_i enter L: 'mean' = lambda * mean_i p_i e_i (paper),
   * 'weighted' = lambda * sum_i p_i e_i, the p-weighted average error (p sums to 1 over the batch).
   */
  reconstruction: 'mean' | 'weighted';
  /** 'learned' = c is a parameter (paper); 'mean' = a parameter starting at the mean initial embedding; 'fixed' = that embedding, never updated (see centre.ts). */
  centre: CentreRule;
  /** Standardise each input cell with the training cases' median and MAD (robust to their anomalies). */
  standardize: boolean;
  /** 'sphere' = d - r (paper); 'combined' / 'average' = max / mean of calibrated distance and reconstruction evidence; 'reconstruction' = e (see detect/calibration.ts). */
  caseScore: CaseScoreKind;
  /** Case threshold rule (see detect/threshold.ts), e.g. 'sphere' or 'zscore:5'. */
  threshold: string;
  /** A cell (t, i, j) is flagged anomalous when the robust z-score of its residual exceeds this in absolute value. */
  cellThreshold: number;
}

export const PAPER_OPTIONS: Readonly<TrainOptions> = Object.freeze({
  epochs: 300,
  batchSize: 0,
  hidden: 30,
  learningRate: 1e-3,
  lambda: 2.0,
  gamma: 0.05,
  tolerance: 0.1,
  keepProb: 0.98,
  seed: 1000,
  reconstruction: 'mean',
  centre: 'learned',
  standardize: false,
  caseScore: 'sphere',
  threshold: 'sphere',
  cellThreshold: 4,
});

export const ROBUST_OPTIONS: Readonly<TrainOptions> = Object.freeze({
  ...PAPER_OPTIONS,
  epochs: 60,
  batchSize: 64,
  learningRate: 3e-3,
  reconstruction: 'weighted',
  standardize: true,
  caseScore: 'average',
  threshold: 'zscore:5',
});

export const PRESETS: Readonly<Record<PresetName, Readonly<TrainOptions>>> = Object.freeze({
  robust: ROBUST_OPTIONS,
  paper: PAPER_OPTIONS,
});

export const DEFAULT_PRESET: PresetName = 'robust';
