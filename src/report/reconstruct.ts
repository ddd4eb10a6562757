/**
 * The reconstruction X^ of a few chosen cases. Each case goes through the network on its own, so
 * scoring just the chosen ones gives their X^ without holding the whole dataset's reconstruction.
 */
import type { DeepSphereModel } from '../detect/model.js';
import type { Dataset } from '../io/dataset.js';

/** X^ of `indices` (in that order), (count, T, N, N) row-major, in the data's units. */
export function reconstructCases(model: DeepSphereModel, dataset: Dataset, indices: readonly number[], chunkSize?: number): Float32Array {
  const [, steps, nodes] = dataset.shape;
  const caseSize = steps * nodes * nodes;
  const picked = new Float32Array(indices.length * caseSize);
  indices.forEach((index, k) => picked.set(dataset.data.subarray(index * caseSize, (index + 1) * caseSize), k * caseSize));
  const subset: Dataset = { data: picked, shape: [indices.length, steps, nodes, nodes] };
  const expected = new Float32Array(picked.length);
  for (const chunk of model.chunks(subset, { reconstruct: true, ...(chunkSize ? { chunkSize } : {}) })) {
    expected.set(chunk.reconstruction!.subarray(0, chunk.count * caseSize), chunk.first * caseSize);
  }
  return expected;
}
