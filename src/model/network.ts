/**
 * The DeepSphere network (Teng et al., IJCAI 2018) composed from its parts, with a hand-written
 * forward pass and backprop through time:
 *
 *   X (B,T,D) --dropout--> encoder LSTM --h_1..h_T--> z_b = sum_t w_t h_t --> d_b = ||z_b - c||
 *                                  \--(h_T, c_T)--> decoder LSTM (zero input) --reverse--> dense --> X^
 *   L = r^2 + gamma sum_b relu(d_b^2 - r^2) + mean_b d_b^2 + lambda mean_b p_b e_b   (hypersphere.ts)
 *
 * A network is built once per (parameters, max batch size): every workspace is allocated here and
 * reused, so a training step allocates nothing but a few typed-array views for the GEMM calls.
 * Internal state is time-major (see lstm.ts); inputs and reconstructions at the API are row-major
 * (B, T, D) like the dataset. The array type (Float32Array in production, Float64Array for the
 * gradient checks) is the parameters'; the Gemm must support it (jsGemm supports both).
 */
import type { FloatArray, Gemm } from '../engine/gemm.js';
import {
  attentionPool, attentionPoolBackward, emptySphereLoss, sphereBackward, sphereDistances,
  sphereLoss, sphereWeights, type SphereLoss,
} from './hypersphere.js';
import { type DropoutOptions, loadInput } from './input.js';
import { lstmBackward, lstmForward } from './lstm.js';
import { arrayConstructorOf, type ModelShape, type Params, paramTensors } from './params.js';
import { denseBackward, denseForward, residualPass, type TailOutput, writeReconstruction } from './reconstruction.js';

export interface LossOptions {
  /** gamma in the paper: weight of the slack sum (default in the paper 0.05). */
  gamma: number;
  /** lambda in the paper: weight of the weighted reconstruction error (paper: 2.0). */
  lambda: number;
  /** Input dropout for training; null = off. */
  dropout: DropoutOptions | null;
}

export type { DropoutOptions };

export const DEFAULT_GAMMA = 0.05;
export const DEFAULT_LAMBDA = 2.0;
export const DEFAULT_KEEP_PROB = 0.98;

export interface LossResult {
  /** L for the batch. */
  loss: number;
  /** d_b for the B cases (a view of an internal buffer: valid until the next call). */
  distances: Float64Array;
  /** L's four terms, for logging. */
  terms: { radius: number; slack: number; distance: number; reconstruction: number };
}

/** Caller buffers for `forward`; each is filled only if given. */
export interface ForwardOutputs {
  /** d_b, length >= B. */
  distances?: FloatArray;
  /** z_b, (B, H) row-major. */
  embeddings?: FloatArray;
  /** X^, (B, T, D) row-major. */
  reconstruction?: FloatArray;
  /** e_b = mean_{t,d} (X_b - X^_b)^2, length >= B. */
  errors?: FloatArray;
  /** Mean of the largest squared residuals per case (out length >= B), streamed through `largest`. */
  tails?: TailOutput;
}

export class DeepSphereNetwork<A extends FloatArray = FloatArray> {
  readonly shape: ModelShape;
  private readonly T: number;
  private readonly D: number;
  private readonly H: number;
  // time-major workspaces, sized for maxBatch (a smaller B uses the front of each)
  private readonly xIn: A; //       (T,B,D)    the (dropped-out) input
  private readonly encGates: A; //  (T,B,4H)   encoder gate activations
  private readonly encH: A; //      (T+1,B,H)  encoder h_0..h_T
  private readonly encC: A; //      (T+1,B,H)  encoder c_0..c_T
  private readonly encTc: A; //     (T,B,H)    tanh(c_t)
  private readonly decGates: A;
  private readonly decH: A; //      slot 0 = encoder (h_T), slot s = decoder output of step s
  private readonly decC: A;
  private readonly decTc: A;
  private readonly y: A; //         (T,B,D)    dense output before bias, then dL/dX^
  private readonly dPre: A; //      (T,B,4H)   dL/dpre, decoder then encoder
  private readonly dhExt: A; //     (T,B,H)    external dL/dh, decoder (from dense) then encoder (from z)
  private readonly dhRec: A; //     (B,H)      recurrent dL/dh carry
  private readonly dcCarry: A; //   (B,H)      dL/dc carry
  private readonly z: A; //         (B,H)      z_b
  private readonly dz: A; //        (B,H)
  // per case, float64 (cheap; the weight normalisation is where precision matters)
  private readonly s: Float64Array; // d_b^2
  private readonly d: Float64Array;
  private readonly pTilde: Float64Array;
  private readonly p: Float64Array;
  private readonly e: Float64Array;
  private readonly dLde: Float64Array;
  private readonly dLds: Float64Array;
  private readonly colScratch: Float64Array;
  private readonly sphere: SphereLoss = emptySphereLoss();
  private readonly result: LossResult;

  /**
   * params: the live parameters (the optimiser updates them in place; the network reads them on
   * every call). maxBatch: the largest B any call will pass. gemm: the matrix-product backend.
   */
  constructor(readonly params: Params<A>, readonly maxBatch: number, readonly gemm: Gemm) {
    if (!Number.isInteger(maxBatch) || maxBatch < 1) throw new RangeError(`maxBatch must be a positive integer, got ${maxBatch}`);
    const ctor = arrayConstructorOf(params);
    for (const t of paramTensors(params)) {
      if (t.data.constructor !== ctor) throw new TypeError(`${t.name}: all parameters must share one array type`);
      if (t.data.length !== t.shape.reduce((a, b) => a * b, 1)) throw new RangeError(`${t.name}: length ${t.data.length}, shape [${t.shape}]`);
    }
    this.shape = params.shape;
    const { steps: T, features: D, hidden: H } = params.shape;
    this.T = T;
    this.D = D;
    this.H = H;
    const B = maxBatch;
    const G = 4 * H;
    const a = (n: number) => new ctor(n);
    this.xIn = a(T * B * D);
    this.encGates = a(T * B * G);
    this.encH = a((T + 1) * B * H);
    this.encC = a((T + 1) * B * H);
    this.encTc = a(T * B * H);
    this.decGates = a(T * B * G);
    this.decH = a((T + 1) * B * H);
    this.decC = a((T + 1) * B * H);
    this.decTc = a(T * B * H);
    this.y = a(T * B * D);
    this.dPre = a(T * B * G);
    this.dhExt = a(T * B * H);
    this.dhRec = a(B * H);
    this.dcCarry = a(B * H);
    this.z = a(B * H);
    this.dz = a(B * H);
    this.s = new Float64Array(B);
    this.d = new Float64Array(B);
    this.pTilde = new Float64Array(B);
    this.p = new Float64Array(B);
    this.e = new Float64Array(B);
    this.dLde = new Float64Array(B);
    this.dLds = new Float64Array(B);
    this.colScratch = new Float64Array(Math.max(G, D, H));
    this.result = { loss: 0, distances: this.d.subarray(0, 0), terms: this.sphere };
  }

  /**
   * One training step's loss and ALL parameter gradients for a batch.
   * xBatch: B cases, row-major (B, T, D), any float array type (copied in). grads: a params-shaped
   * buffer of the network's array type (e.g. `zerosLike(params)`), overwritten, not accumulated.
   * Dropout (if on) is drawn from options.dropout.rng; the reconstruction target stays the clean X.
   * The returned object and its `distances` are reused by the next call.
   */
  lossAndGradients(xBatch: FloatArray, B: number, options: LossOptions, grads: Params<A>): LossResult {
    this.checkBatch(xBatch, B);
    this.checkGrads(grads);
    const { T, D, H, params, gemm } = this;
    const G = 4 * H;
    const nBH = B * H;
    loadInput(xBatch, B, this.T, this.D, this.xIn, options.dropout, gemm.kernels);
    this.encode(B);
    // hypersphere: d_b, p_b (known before the decoder: p depends on d and r only)
    sphereDistances(B, H, this.z, params.centre, this.s, this.d);
    const r = params.radius[0];
    const S = sphereWeights(B, this.s, r * r, this.pTilde, this.p);
    const lambdaOverB = options.lambda / B;
    for (let b = 0; b < B; b++) this.dLde[b] = lambdaOverB * this.p[b];
    // decoder, dense, and e_b with dL/dX^ in one pass
    this.decode(B);
    residualPass(T, B, D, xBatch, this.y, params.dense.b, this.dLde, this.e, grads.dense.b, this.colScratch, gemm.kernels);
    sphereLoss(B, this.s, this.e, this.p, S, r, options.gamma, options.lambda, this.dLds, this.sphere);
    grads.radius[0] = this.sphere.dLdr;
    // backward: dense -> decoder (its dL/dh_0, dL/dc_0 stay in dhRec/dcCarry) -> z -> encoder
    denseBackward(gemm, T, B, H, D, this.decH, params.dense.W, this.y, grads.dense.W, this.dhExt);
    this.dhRec.fill(0, 0, nBH);
    this.dcCarry.fill(0, 0, nBH);
    lstmBackward(gemm, T, B, H, params.decoder.Wh, this.decGates, this.decH, this.decC, this.decTc,
      this.dhExt, this.dPre, this.dhRec, this.dcCarry, grads.decoder.Wh, grads.decoder.b, this.colScratch,
      { h0IsZero: false, needInitialGrad: true });
    sphereBackward(B, H, this.z, params.centre, this.dLds, this.dz, grads.centre, this.colScratch);
    attentionPoolBackward(T, B, H, this.encH, params.attention, this.dz, this.dhExt, grads.attention);
    // the decoder's initial state is the encoder's final one: its gradients seed the encoder's BPTT
    lstmBackward(gemm, T, B, H, params.encoder.Wh, this.encGates, this.encH, this.encC, this.encTc,
      this.dhExt, this.dPre, this.dhRec, this.dcCarry, grads.encoder.Wh, grads.encoder.b, this.colScratch,
      { h0IsZero: true, needInitialGrad: false });
    // dWx = X^T dPre over all T*B rows (X as fed, i.e. after dropout)
    gemm.sgemm(true, false, D, G, T * B, 1, this.xIn, D, this.dPre, G, 0, grads.encoder.Wx, G);
    const res = this.result;
    res.loss = this.sphere.loss;
    res.distances = this.d.subarray(0, B);
    return res;
  }

  /**
   * Inference (no dropout) for B <= maxBatch cases, row-major (B, T, D), into caller buffers.
   * Only what is asked for is computed: distances and embeddings need the encoder alone.
   * Score more than maxBatch cases by calling it on chunks (subarray views of the caller's arrays).
   */
  forward(xBatch: FloatArray, B: number, out: ForwardOutputs): void {
    this.checkBatch(xBatch, B);
    const { T, D, H, params } = this;
    const { distances, embeddings, reconstruction, errors, tails } = out;
    need(distances, B, 'distances');
    need(embeddings, B * H, 'embeddings');
    need(reconstruction, B * T * D, 'reconstruction');
    need(errors, B, 'errors');
    need(tails?.out, B, 'tails');
    loadInput(xBatch, B, this.T, this.D, this.xIn, null, this.gemm.kernels);
    this.encode(B);
    if (distances !== undefined) {
      sphereDistances(B, H, this.z, params.centre, this.s, this.d);
      for (let b = 0; b < B; b++) distances[b] = this.d[b];
    }
    if (embeddings !== undefined) embeddings.set(this.z.subarray(0, B * H));
    if (reconstruction !== undefined || errors !== undefined || tails !== undefined) {
      this.decode(B);
      const residualsWanted = errors !== undefined || tails !== undefined;
      writeReconstruction(T, B, D, this.y, params.dense.b, reconstruction, residualsWanted ? xBatch : undefined, errors, tails, this.gemm.kernels);
    }
  }

  /** z_b (B, H) row-major for B cases, no dropout; e.g. to set the centre c from data (Deep SVDD). */
  embed(xBatch: FloatArray, B: number, z: FloatArray): void {
    this.forward(xBatch, B, { embeddings: z });
  }

  /** Encoder over xIn: input projection of all T steps as one GEMM, then the recurrence; then z. */
  private encode(B: number): void {
    const { T, D, H, params, gemm } = this;
    const G = 4 * H;
    gemm.sgemm(false, false, T * B, G, D, 1, this.xIn, D, params.encoder.Wx, G, 0, this.encGates, G);
    this.encH.fill(0, 0, B * H); // h_0 = 0
    this.encC.fill(0, 0, B * H); // c_0 = 0
    lstmForward(gemm, T, B, H, params.encoder.Wh, params.encoder.b, this.encGates, this.encH, this.encC, this.encTc,
      { gatesHoldInput: true, h0IsZero: true });
    attentionPool(T, B, H, this.encH, params.attention, this.z);
  }

  /** Decoder from the encoder's final state (zero input: no Wx term), then the dense GEMM into y. */
  private decode(B: number): void {
    const { T, D, H, params, gemm } = this;
    const n = B * H;
    this.decH.set(this.encH.subarray(T * n, (T + 1) * n), 0);
    this.decC.set(this.encC.subarray(T * n, (T + 1) * n), 0);
    lstmForward(gemm, T, B, H, params.decoder.Wh, params.decoder.b, this.decGates, this.decH, this.decC, this.decTc,
      { gatesHoldInput: false, h0IsZero: false });
    denseForward(gemm, T, B, H, D, this.decH, params.dense.W, this.y);
  }

  private checkBatch(x: FloatArray, B: number): void {
    if (!Number.isInteger(B) || B < 1 || B > this.maxBatch) throw new RangeError(`batch size ${B} not in [1, ${this.maxBatch}]`);
    const n = B * this.T * this.D;
    if (x.length < n) throw new RangeError(`input holds ${x.length} values, ${B} cases need ${n}`);
  }

  private checkGrads(grads: Params<A>): void {
    const s = grads.shape;
    if (s.steps !== this.T || s.features !== this.D || s.hidden !== this.H) throw new RangeError('gradient buffer shape differs from the parameters');
    if (grads.radius.constructor !== this.params.radius.constructor) throw new TypeError('gradient buffer array type differs from the parameters');
  }
}

function need(buf: FloatArray | undefined, n: number, name: string): void {
  if (buf !== undefined && buf.length < n) throw new RangeError(`${name} buffer holds ${buf.length}, needs ${n}`);
}

/** Convenience constructor. */
export function createNetwork<A extends FloatArray>(params: Params<A>, maxBatch: number, gemm: Gemm): DeepSphereNetwork<A> {
  return new DeepSphereNetwork(params, maxBatch, gemm);
}
