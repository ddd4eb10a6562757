/**
 * The DeepSphere head: time weighting (z), hypersphere distance, slack, case weights and the loss,
 * with their gradients. Symbols as in the paper / reference:
 *   z_b  = sum_t w_t h_{b,t}                       (w: attention, h: encoder outputs)
 *   s_b  = d_b^2 = ||z_b - c||^2                   (c: centre)
 *   xi_b = relu(s_b - r^2)                         (slack: outside the sphere)
 *   p~_b = relu(exp(r^2 - s_b) - 1) + 1e-28,  p_b = p~_b / S,  S = sum_j p~_j
 *   e_b  = mean_{t,d} (X_b - X^_b)^2                (reconstruction error, clean X)
 *   L    = r^2 + gamma sum_b xi_b + mean_b s_b + lambda mean_b (p_b e_b)
 *
 * Gradients (Q = sum_b p_b e_b, A_b = [s_b < r^2] exp(r^2 - s_b), relu'(0) = 0 as PyTorch):
 *   dL/de_b  = lambda p_b / B
 *   dL/ds_b  = gamma [s_b > r^2] + 1/B - (lambda/B) (e_b - Q) A_b / S
 *   dL/dr^2  = 1 - gamma #{s_b > r^2} + (lambda/B) sum_b (e_b - Q) A_b / S
 *   dL/dr    = 2 r dL/dr^2,  dL/dz_b = 2 (z_b - c) dL/ds_b,  dL/dc = -sum_b dL/dz_b
 * The per-case quantities are B-long Float64Arrays whatever the network's array type: they are
 * cheap and the normalisation by S is where float32 would lose most.
 */
import type { FloatArray } from '../engine/gemm.js';

/** The additive floor on p~ (the reference's 1e-28): keeps S > 0 when every case is outside. */
export const P_FLOOR = 1e-28;

/** z_b = sum_t w_t h_t (h time-major (T+1,B,H), slot t = h_t, slot 0 unused); z is (B,H). */
export function attentionPool(T: number, B: number, H: number, h: FloatArray, w: FloatArray, z: FloatArray): void {
  const n = B * H;
  z.fill(0, 0, n);
  for (let t = 0; t < T; t++) {
    const wt = w[t];
    const off = (t + 1) * n;
    for (let k = 0; k < n; k++) z[k] += wt * h[off + k];
  }
}

/**
 * Backward of attentionPool: dhExt (T,B,H) slot t-1 = w_t dz (the encoder's external dL/dh_t,
 * overwritten), dw_t = sum_b <h_{b,t}, dz_b> (overwritten).
 */
export function attentionPoolBackward(
  T: number, B: number, H: number, h: FloatArray, w: FloatArray, dz: FloatArray,
  dhExt: FloatArray, dw: FloatArray,
): void {
  const n = B * H;
  for (let t = 0; t < T; t++) {
    const wt = w[t];
    const hOff = (t + 1) * n;
    const eOff = t * n;
    let acc = 0;
    for (let k = 0; k < n; k++) {
      const g = dz[k];
      acc += h[hOff + k] * g;
      dhExt[eOff + k] = wt * g;
    }
    dw[t] = acc;
  }
}

/** s_b = ||z_b - c||^2 and d_b = sqrt(s_b). */
export function sphereDistances(B: number, H: number, z: FloatArray, c: FloatArray, s: Float64Array, d: Float64Array): void {
  for (let b = 0; b < B; b++) {
    let acc = 0;
    const row = b * H;
    for (let j = 0; j < H; j++) {
      const diff = z[row + j] - c[j];
      acc += diff * diff;
    }
    s[b] = acc;
    d[b] = Math.sqrt(acc);
  }
}

/**
 * Case weights: pTilde_b = relu(exp(r^2 - s_b) - 1) + 1e-28 and p_b = pTilde_b / S. Returns S.
 * expm1 instead of exp - 1: the same function, without the cancellation just inside the sphere.
 */
export function sphereWeights(B: number, s: Float64Array, r2: number, pTilde: Float64Array, p: Float64Array): number {
  let S = 0;
  for (let b = 0; b < B; b++) {
    const m = Math.expm1(r2 - s[b]);
    const v = (m > 0 ? m : 0) + P_FLOOR;
    pTilde[b] = v;
    S += v;
  }
  for (let b = 0; b < B; b++) p[b] = pTilde[b] / S;
  return S;
}

/** L, its four terms (for logging) and dL/dr; filled in place by sphereLoss. */
export interface SphereLoss {
  loss: number;
  /** dL/dr (r in the paper; through r^2). */
  dLdr: number;
  /** r^2 */
  radius: number;
  /** gamma * sum_b xi_b */
  slack: number;
  /** mean_b d_b^2 */
  distance: number;
  /** lambda * mean_b p_b e_b */
  reconstruction: number;
}

export function emptySphereLoss(): SphereLoss {
  return { loss: 0, dLdr: 0, radius: 0, slack: 0, distance: 0, reconstruction: 0 };
}

/**
 * L and its gradients w.r.t. s_b (into dLds) and r (into out.dLdr). e holds the reconstruction
 * errors e_b; p and S come from sphereWeights with the same s and r.
 */
export function sphereLoss(
  B: number, s: Float64Array, e: Float64Array, p: Float64Array, S: number,
  r: number, gamma: number, lambda: number,
  dLds: Float64Array, out: SphereLoss,
): void {
  const r2 = r * r;
  let slack = 0;
  let outside = 0;
  let sumS = 0;
  let Q = 0;
  for (let b = 0; b < B; b++) {
    const excess = s[b] - r2;
    if (excess > 0) {
      slack += excess;
      outside++;
    }
    sumS += s[b];
    Q += p[b] * e[b];
  }
  const invB = 1 / B;
  // dL/dp~_b = (lambda/B)(e_b - Q)/S; dp~_b/ds_b = -A_b, dp~_b/dr^2 = +A_b (A_b = 0 outside: relu)
  const kP = (lambda * invB) / S;
  let dLdr2 = 1 - gamma * outside;
  for (let b = 0; b < B; b++) {
    const excess = s[b] - r2;
    let g = invB + (excess > 0 ? gamma : 0);
    if (Math.expm1(-excess) > 0) { // the same test as sphereWeights' relu
      const dPt = kP * (e[b] - Q) * Math.exp(-excess);
      g -= dPt;
      dLdr2 += dPt;
    }
    dLds[b] = g;
  }
  out.radius = r2;
  out.slack = gamma * slack;
  out.distance = sumS * invB;
  out.reconstruction = lambda * Q * invB;
  out.loss = out.radius + out.slack + out.distance + out.reconstruction;
  out.dLdr = 2 * r * dLdr2;
}

/** dz_b = 2 (z_b - c) dL/ds_b (overwritten) and dc = -sum_b dz_b (overwritten). */
export function sphereBackward(
  B: number, H: number, z: FloatArray, c: FloatArray, dLds: Float64Array,
  dz: FloatArray, dc: FloatArray, colScratch: Float64Array,
): void {
  colScratch.fill(0, 0, H);
  for (let b = 0; b < B; b++) {
    const k = 2 * dLds[b];
    const row = b * H;
    for (let j = 0; j < H; j++) {
      const g = k * (z[row + j] - c[j]);
      dz[row + j] = g;
      colScratch[j] += g;
    }
  }
  for (let j = 0; j < H; j++) dc[j] = -colScratch[j];
}
