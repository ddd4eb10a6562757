/**
 * DeepSphere parameters: one typed structure in exactly the layout of the parity fixture
 * (/work/shared/reference/README.md), so weights move between the PyTorch reference, saved
 * models and this code without reshaping.
 *
 *   encoder LSTM  Wx [D,4H], Wh [H,4H], b [4H]   (gate order i, f, g, o along the 4H axis)
 *   decoder LSTM  Wh [H,4H], b [4H]              (its input is all zeros, so no Wx at all)
 *   dense         W [H,D], b [D]                 (H -> D, no activation)
 *   attention     [T]                            (w in the paper: the time weights)
 *   centre        [H]                            (c in the paper)
 *   radius        [1]                            (r in the paper; the loss uses r^2)
 *
 * Every tensor is row-major and of one array type (Float32Array in production, Float64Array for
 * the gradient checks); `paramTensors` lists them in one fixed order for the optimiser and saving.
 */
import type { FloatArray } from '../engine/gemm.js';
import type { Rng } from '../engine/random.js';

/** Constructor of the numeric type the model runs in. */
export type FloatArrayConstructor = Float32ArrayConstructor | Float64ArrayConstructor;

/** Sizes of the network. features = D = N*N (a flattened N x N snapshot). */
export interface ModelShape {
  /** T: time steps per case. */
  steps: number;
  /** D: values per time step (N*N). */
  features: number;
  /** H: LSTM hidden size (30 in the paper). */
  hidden: number;
}

export interface EncoderParams<A extends FloatArray = FloatArray> {
  Wx: A;
  Wh: A;
  b: A;
}

export interface DecoderParams<A extends FloatArray = FloatArray> {
  Wh: A;
  b: A;
}

export interface DenseParams<A extends FloatArray = FloatArray> {
  W: A;
  b: A;
}

export interface Params<A extends FloatArray = FloatArray> {
  readonly shape: ModelShape;
  readonly encoder: EncoderParams<A>;
  readonly decoder: DecoderParams<A>;
  readonly dense: DenseParams<A>;
  /** w in the paper, [T]. */
  readonly attention: A;
  /** c in the paper, [H]. */
  readonly centre: A;
  /** r in the paper, [1]. */
  readonly radius: A;
}

export interface ParamTensor<A extends FloatArray = FloatArray> {
  /** Stable name, e.g. 'encoder.Wx'; also the key used when saving. */
  name: string;
  shape: number[];
  data: A;
}

/** The tensor names in `paramTensors` order. */
export const PARAM_NAMES = [
  'encoder.Wx', 'encoder.Wh', 'encoder.b',
  'decoder.Wh', 'decoder.b',
  'dense.W', 'dense.b',
  'attention', 'centre', 'radius',
] as const;

export function checkShape(shape: ModelShape): void {
  for (const key of ['steps', 'features', 'hidden'] as const) {
    const v = shape[key];
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`model ${key} must be a positive integer, got ${v}`);
  }
}

/** All-zero parameters (also the shape of a gradient buffer). */
export function zeroParams<A extends FloatArray>(shape: ModelShape, ctor: { new (n: number): A }): Params<A> {
  checkShape(shape);
  const { steps: T, features: D, hidden: H } = shape;
  const G = 4 * H;
  return {
    shape: { steps: T, features: D, hidden: H },
    encoder: { Wx: new ctor(D * G), Wh: new ctor(H * G), b: new ctor(G) },
    decoder: { Wh: new ctor(H * G), b: new ctor(G) },
    dense: { W: new ctor(H * D), b: new ctor(D) },
    attention: new ctor(T),
    centre: new ctor(H),
    radius: new ctor(1),
  };
}

/** A gradient buffer shaped like `params`, of the same array type. */
export function zerosLike<A extends FloatArray>(params: Params<A>): Params<A> {
  return zeroParams(params.shape, arrayConstructorOf(params));
}

/** The array constructor of a parameter set (all its tensors share it). */
export function arrayConstructorOf<A extends FloatArray>(params: Params<A>): { new (n: number): A } {
  return params.radius.constructor as unknown as { new (n: number): A };
}

/** The tensors, always in PARAM_NAMES order, as views of the live data (no copies). */
export function paramTensors<A extends FloatArray>(params: Params<A>): ParamTensor<A>[] {
  const { steps: T, features: D, hidden: H } = params.shape;
  const G = 4 * H;
  return [
    { name: 'encoder.Wx', shape: [D, G], data: params.encoder.Wx },
    { name: 'encoder.Wh', shape: [H, G], data: params.encoder.Wh },
    { name: 'encoder.b', shape: [G], data: params.encoder.b },
    { name: 'decoder.Wh', shape: [H, G], data: params.decoder.Wh },
    { name: 'decoder.b', shape: [G], data: params.decoder.b },
    { name: 'dense.W', shape: [H, D], data: params.dense.W },
    { name: 'dense.b', shape: [D], data: params.dense.b },
    { name: 'attention', shape: [T], data: params.attention },
    { name: 'centre', shape: [H], data: params.centre },
    { name: 'radius', shape: [1], data: params.radius },
  ];
}

/** Copies every tensor of `from` into `to` (shapes must match; array types may differ). */
export function copyParams(from: Params, to: Params): void {
  const a = paramTensors(from);
  const b = paramTensors(to);
  for (let k = 0; k < a.length; k++) {
    if (a[k].data.length !== b[k].data.length) throw new RangeError(`${a[k].name}: size ${a[k].data.length} vs ${b[k].data.length}`);
    b[k].data.set(a[k].data);
  }
}

/**
 * Fresh parameters, drawn from `rng` in a fixed order (so a seed fixes them bit for bit):
 * - LSTM kernels: Glorot-uniform, bound sqrt(6 / (fan_in + fan_out)) with PyTorch's fans of the
 *   [4H, D] / [4H, H] matrices (as TF's LSTMCell kernel init), biases zero except the forget gate's +1;
 * - dense: PyTorch nn.Linear's default, W and b uniform in +-1/sqrt(H) (what the reference trains);
 * - attention w and centre c standard normal; radius r = 0.1 (as the reference).
 */
export function initParams<A extends FloatArray = Float32Array>(
  shape: ModelShape,
  rng: Rng,
  ctor: { new (n: number): A } = Float32Array as unknown as { new (n: number): A },
): Params<A> {
  const p = zeroParams(shape, ctor);
  const { steps: T, features: D, hidden: H } = p.shape;
  const G = 4 * H;
  const uniform = (data: FloatArray, bound: number) => {
    for (let k = 0; k < data.length; k++) data[k] = rng.uniform(-bound, bound);
  };
  uniform(p.encoder.Wx, Math.sqrt(6 / (D + G)));
  uniform(p.encoder.Wh, Math.sqrt(6 / (H + G)));
  uniform(p.decoder.Wh, Math.sqrt(6 / (H + G)));
  p.encoder.b.fill(1, H, 2 * H); // forget-gate bias +1 (TF's forget_bias)
  p.decoder.b.fill(1, H, 2 * H);
  const denseBound = 1 / Math.sqrt(H);
  uniform(p.dense.W, denseBound);
  uniform(p.dense.b, denseBound);
  for (let t = 0; t < T; t++) p.attention[t] = rng.normal();
  for (let j = 0; j < H; j++) p.centre[j] = rng.normal();
  p.radius[0] = 0.1;
  return p;
}
