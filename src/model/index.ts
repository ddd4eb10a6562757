/** The DeepSphere model: parameters, the network (forward + gradients) and its parts. */
export * from './params.js';
export * from './network.js';
export { P_FLOOR, type SphereLoss } from './hypersphere.js';
