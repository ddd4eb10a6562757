/** Training options; defaults are the original DeepSphere code's. */
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
  /** A case is anomalous iff d > r (1 + tolerance) (paper: 0.1). */
  tolerance: number;
  /** Input dropout keep probability (paper: 0.98). */
  keepProb: number;
  /** Seed of initialisation, dropout masks and shuffling: same seed => same model on the same backend. */
  seed: number;
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
});
