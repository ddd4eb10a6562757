import type { FloatArray } from '../engine/gemm.js';

export interface AdamOptions {
  /** Step size; the paper's default 1e-3. */
  learningRate: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

/** A parameter tensor and its gradient, matched by position. */
export interface ParamAndGrad {
  param: FloatArray;
  grad: FloatArray;
}

/**
 * Adam (Kingma & Ba), in PyTorch's form (bias corrections applied to the step, epsilon added
 * after the square root) so that training follows the PyTorch reference step for step.
 * Moment buffers are allocated once, here.
 */
export class Adam {
  private readonly m: Float64Array[];
  private readonly v: Float64Array[];
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly epsilon: number;
  private step = 0;

  constructor(private readonly tensors: ParamAndGrad[], private readonly options: AdamOptions) {
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-8;
    this.m = tensors.map(({ param }) => new Float64Array(param.length));
    this.v = tensors.map(({ param }) => new Float64Array(param.length));
  }

  /** Applies one update from the gradients currently held in each `grad`. */
  update(): void {
    this.step++;
    const { beta1, beta2, epsilon } = this;
    const correction1 = 1 - beta1 ** this.step;
    const sqrtCorrection2 = Math.sqrt(1 - beta2 ** this.step);
    const stepSize = this.options.learningRate / correction1;
    for (let k = 0; k < this.tensors.length; k++) {
      const { param, grad } = this.tensors[k];
      const m = this.m[k];
      const v = this.v[k];
      for (let e = 0; e < param.length; e++) {
        const g = grad[e];
        m[e] = beta1 * m[e] + (1 - beta1) * g;
        v[e] = beta2 * v[e] + (1 - beta2) * g * g;
        param[e] -= (stepSize * m[e]) / (Math.sqrt(v[e]) / sqrtCorrection2 + epsilon);
      }
    }
  }
}
