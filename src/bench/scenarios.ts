/**
 * The accuracy benchmark's generated scenarios: each varies one thing from the example data's
 * settings (N=20, T=10, 10% anomalies of every kind, magnitude 0.5). Test files share the training
 * files' network (graph seed) and always hold 10% anomalies; the share varies in training only,
 * since the point is robustness to pollution of the training data.
 */
import type { AnomalyKind, GenerateOptions } from '../data/options.js';

export interface Scenario {
  name: string;
  /** What differs from the defaults, for the training file. */
  train: Partial<GenerateOptions>;
  /** What differs from the defaults, for the test file (the network's shape and the anomalies' kind and size follow train). */
  test: Partial<GenerateOptions>;
}

const kindScenario = (kind: AnomalyKind): Scenario => ({ name: `only ${kind}`, train: { kinds: [kind] }, test: { kinds: [kind] } });
const sizeScenario = (magnitude: number): Scenario => ({ name: `magnitude ${magnitude}`, train: { magnitude }, test: { magnitude } });

export const SCENARIOS: Scenario[] = [
  ...[0.05, 0.1, 0.2, 0.3].map((ratio) => ({ name: `train share ${ratio * 100}%`, train: { ratio }, test: {} })),
  sizeScenario(0.3),
  sizeScenario(1.0),
  kindScenario('burst'),
  kindScenario('outage'),
  kindScenario('new-links'),
  kindScenario('phase'),
  { name: 'N=40', train: { nodes: 40 }, test: { nodes: 40 } },
  { name: 'T=20', train: { steps: 20 }, test: { steps: 20 } },
];

/** Seeds: training cases 101, test cases 202, network 7; fixed so every run is comparable. */
export function scenarioOptions(scenario: Scenario, trainCases: number, testCases: number): { train: Partial<GenerateOptions>; test: Partial<GenerateOptions> } {
  return {
    train: { ...scenario.train, cases: trainCases, seed: 101, graphSeed: 7 },
    test: { ...scenario.train, ratio: 0.1, ...scenario.test, cases: testCases, seed: 202, graphSeed: 7 },
  };
}
