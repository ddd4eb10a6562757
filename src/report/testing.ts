/** Test helpers for the report tests: a small labelled dataset with names and times, and a briefly trained model. */
import { generateDynamicNetworks } from '../data/generate.js';
import type { DeepSphereModel } from '../detect/model.js';
import type { Dataset } from '../io/dataset.js';
import { fit } from '../train/fit.js';

export interface ReportFixture {
  model: DeepSphereModel;
  dataset: Dataset;
}

/**
 * `cases` test cases (T steps, N nodes) of the generator's network, named like airports and dated
 * one day apart with hourly steps, and a model trained a few epochs on other cases of that network.
 */
export async function reportFixture(shape: { cases: number; steps: number; nodes: number }): Promise<ReportFixture> {
  const train = generateDynamicNetworks({ ...shape, cases: Math.max(60, shape.cases), seed: 1 });
  const model = await fit(train, { epochs: 3, hidden: 6, batchSize: 32 });
  const dataset: Dataset = {
    ...generateDynamicNetworks({ ...shape, seed: 2 }),
    nodeNames: Array.from({ length: shape.nodes }, (_, k) => `N${String.fromCharCode(65 + (k % 26))}${Math.floor(k / 26) || ''}`),
    caseTimes: Array.from({ length: shape.cases }, (_, k) => new Date(Date.UTC(2024, 0, 1 + k)).toISOString().replace('.000Z', 'Z')),
    stepSeconds: 3600,
  };
  return { model, dataset };
}
