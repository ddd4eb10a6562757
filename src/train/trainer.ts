import type { Gemm } from '../engine/gemm.js';
import type { TrainingHistory } from '../detect/model.js';
import { Rng } from '../engine/random.js';
import { copyParams, DeepSphereNetwork, initParams, type ModelShape, type Params, paramTensors, zerosLike } from '../model/index.js';
import { Adam } from './adam.js';
import { BatchSampler } from './batches.js';
import { centreOnMeanEmbedding } from './centre.js';
import { isTrained, prepareParams, type TrainingObjective } from './objective.js';
import type { TrainOptions } from './options.js';
import type { ProgressListener } from './progress.js';

export interface TrainResult {
  params: Params<Float32Array>;
  history: TrainingHistory;
}

export interface TrainInput {
  /** Row-major (cases, T, D) training values, already in the model's input scale (standardised if so chosen). */
  data: Float32Array;
  cases: number;
  shape: ModelShape;
  /** What to minimise (default 'deepsphere'; 'reconstruction' = the network as a plain LSTM autoencoder, see objective.ts). */
  objective?: TrainingObjective;
}

/**
 * Trains DeepSphere end to end with Adam on L (see model/network.ts). Unsupervised: labels never
 * enter. A non-finite loss stops training and keeps the weights of the last good epoch.
 * It yields to the event loop after every epoch, so Ctrl-C (and other signals) are handled
 * promptly instead of after the whole run.
 */
export async function trainDeepSphere(
  input: TrainInput, options: TrainOptions, gemm: Gemm, onEpoch: ProgressListener = () => {},
): Promise<TrainResult> {
  const { data, cases, shape, objective = 'deepsphere' } = input;
  const rng = new Rng(options.seed);
  const params = initParams(shape, rng);
  prepareParams(objective, params);
  const lastGood = initParams(shape, new Rng(options.seed));
  const grads = zerosLike(params);
  const sampler = new BatchSampler(data, cases, shape.steps * shape.features, options.batchSize, rng);
  const network = new DeepSphereNetwork(params, sampler.batchSize, gemm);
  const paramList = paramTensors(params);
  const gradList = paramTensors(grads);
  if (options.centre !== 'learned') centreOnMeanEmbedding(network, data, cases, sampler.batchSize);
  const pinnedCentre = (name: string) => name === 'centre' && options.centre === 'fixed';
  const trained = paramList.flatMap((p, k) => (isTrained(objective, p) && !pinnedCentre(p.name) ? [{ param: p.data, grad: gradList[k].data }] : []));
  const adam = new Adam(trained, { learningRate: options.learningRate });
  const lossOptions = {
    gamma: options.gamma,
    lambda: options.lambda,
    dropout: options.keepProb < 1 ? { keepProb: options.keepProb, rng } : null,
  };
  const history: TrainingHistory = { loss: [], radius: [], seconds: 0 };
  const started = performance.now();
  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    copyParams(params, lastGood);
    let lossSum = 0;
    let batches = 0;
    for (const [batch, size] of sampler.epoch()) {
      // lambda sum_i p_i e_i = (lambda B) mean_i p_i e_i: the network computes the paper's form
      if (options.reconstruction === 'weighted') lossOptions.lambda = options.lambda * size;
      const { loss } = network.lossAndGradients(batch, size, lossOptions, grads);
      if (!Number.isFinite(loss)) break;
      lossSum += loss;
      batches++;
      adam.update();
    }
    const meanLoss = batches === sampler.batchesPerEpoch ? lossSum / batches : Number.NaN;
    if (!Number.isFinite(meanLoss) || !paramsFinite(params)) {
      copyParams(lastGood, params);
      history.stoppedEarly = `the loss became non-finite in epoch ${epoch}; kept the weights after epoch ${epoch - 1}`;
      break;
    }
    history.loss.push(meanLoss);
    history.radius.push(Math.abs(params.radius[0]));
    history.seconds = (performance.now() - started) / 1000;
    onEpoch({ epoch, epochs: options.epochs, loss: meanLoss, radius: Math.abs(params.radius[0]), elapsedSeconds: history.seconds });
    await yieldToEventLoop();
  }
  history.seconds = (performance.now() - started) / 1000;
  return { params, history };
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

function paramsFinite(params: Params): boolean {
  return paramTensors(params).every(({ data }) => data.every(Number.isFinite));
}
