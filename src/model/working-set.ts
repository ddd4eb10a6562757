/**
 * Memory a training or scoring run will need, estimated from the shapes alone, so that a run that
 * cannot fit is refused up front with a clear message (`--max-memory`) instead of failing (or
 * swapping) half-way. The network part mirrors DeepSphereNetwork's allocations exactly (a test
 * holds the two together); the rest counts the large buffers of the trainer and of scoring.
 */
import { UserError } from '../errors.js';
import { formatBytes } from '../memory.js';
import type { ModelShape } from './params.js';

/** Node, V8 and the loaded code, measured at about 50 MB; rounded up. */
const RUNTIME_BYTES = 64 * 2 ** 20;
const FLOAT32 = 4;
const FLOAT64 = 8;

/** Values in one set of parameters (also in its gradients and each Adam moment). */
export function parameterValues(shape: ModelShape): number {
  const { steps: T, features: D, hidden: H } = shape;
  const G = 4 * H;
  return D * G + 2 * (H * G + G) + H * D + D + T + H + 1;
}

/** Bytes of the workspaces a float32 DeepSphereNetwork allocates for `maxBatch` cases. */
export function networkBytes(shape: ModelShape, maxBatch: number): number {
  const { steps: T, features: D, hidden: H } = shape;
  const B = maxBatch;
  const G = 4 * H;
  const values = 2 * T * B * D // xIn, y
    + 3 * T * B * G // encoder and decoder gates, dPre
    + 4 * (T + 1) * B * H // h and c of both LSTMs
    + 3 * T * B * H // tanh(c) of both, dhExt
    + 4 * B * H; // dhRec, dcCarry, z, dz
  return values * FLOAT32 + 7 * B * FLOAT64 + Math.max(G, D, H) * FLOAT64;
}

/** A working set, by part, for the message. */
export interface WorkingSet {
  total: number;
  parts: Record<string, number>;
}

function workingSet(parts: Record<string, number>): WorkingSet {
  const all = { ...parts, runtime: RUNTIME_BYTES };
  return { total: Object.values(all).reduce((a, b) => a + b, 0), parts: all };
}

export interface TrainingSize {
  shape: ModelShape;
  cases: number;
  /** Cases per step, as resolved (cases when full batch). */
  batchSize: number;
  /** Standardised inputs are a second copy of the data. */
  standardize: boolean;
}

/** Training: the data (twice if standardised), the batch gather buffer, the network, params + grads + Adam. */
export function trainingWorkingSet({ shape, cases, batchSize, standardize }: TrainingSize): WorkingSet {
  const caseBytes = shape.steps * shape.features * FLOAT32;
  const B = Math.min(batchSize <= 0 ? cases : batchSize, cases);
  const P = parameterValues(shape);
  return workingSet({
    data: cases * caseBytes * (standardize ? 2 : 1),
    batch: B < cases ? B * caseBytes : 0,
    activations: networkBytes(shape, B),
    // params, last good params, gradients (float32) and Adam's two float64 moments
    parameters: P * (3 * FLOAT32 + 2 * FLOAT64),
  });
}

/** Scoring: the data, one chunk's activations, reconstruction and scaled copy (at most), and the full residual tensor if kept. */
export function scoringWorkingSet(shape: ModelShape, cases: number, chunkSize: number, keepResiduals: boolean): WorkingSet {
  const caseBytes = shape.steps * shape.features * FLOAT32;
  const chunk = Math.min(chunkSize, cases);
  return workingSet({
    data: cases * caseBytes,
    activations: networkBytes(shape, chunk) + 2 * chunk * caseBytes,
    residuals: keepResiduals ? cases * caseBytes : 0,
  });
}

/** Refuses `task` when its working set exceeds `budgetBytes`; `advice` says what to reduce. */
export function checkWorkingSet(task: string, estimate: WorkingSet, budgetBytes: number, advice: string): void {
  if (estimate.total <= budgetBytes) return;
  const parts = Object.entries(estimate.parts)
    .filter(([, bytes]) => bytes > 0)
    .map(([name, bytes]) => `${name} ${formatBytes(bytes)}`)
    .join(', ');
  throw new UserError(
    `${task} needs about ${formatBytes(estimate.total)} (${parts}), over the --max-memory budget of ${formatBytes(budgetBytes)}; ${advice}`,
  );
}
