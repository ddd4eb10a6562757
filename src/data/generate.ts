import type { Dataset, SparseCells } from '../io/dataset.js';
import { Rng } from '../engine/random.js';
import { UserError } from '../errors.js';
import { INJECTORS, kindInfeasibility, type InjectionContext } from './anomalies.js';
import { buildNetwork, type Network } from './network.js';
import { resolveGenerateOptions, type AnomalyKind, type GenerateOptions } from './options.js';
import { drawCaseRhythm, fillNormalCase } from './rhythm.js';

/** An injection can miss (a jump lost in float32 rounding, an outage of links already at 0): redraw. */
const MAX_INJECTION_TRIES = 20;

/**
 * Paper-style synthetic dynamic networks in the DeepSphere layout: `data` (M, T, N, N), `labels`
 * (1 = anomalous) and `diff` (every injected cell, anomalous minus normal).
 *
 * Two random streams keep the normal background independent of the anomalies: the case stream
 * (rhythm and noise) is the same whatever `ratio`, `kinds` or `magnitude` are, so generating again
 * with ratio 0 gives the exact normal version of every case. Same options => identical output.
 */
export function generateDynamicNetworks(partial: Partial<GenerateOptions> = {}): Dataset {
  const options = resolveGenerateOptions(partial);
  const { cases, steps, nodes, ratio, kinds } = options;
  const network = buildNetwork(nodes, options.communities, options.graphSeed);
  const anomalousCount = Math.round(ratio * cases);
  if (anomalousCount > 0) requireFeasibleKinds(kinds, network, options);

  const caseRng = new Rng(options.seed);
  const anomalyRng = new Rng(caseRng.nextUint32());
  const caseSize = steps * nodes * nodes;
  const data = new Float32Array(cases * caseSize);
  for (let c = 0; c < cases; c++) {
    const rhythm = drawCaseRhythm(caseRng);
    fillNormalCase(data.subarray(c * caseSize, (c + 1) * caseSize), network, rhythm, steps, options.period, options.noise, caseRng);
  }

  const labels = new Uint8Array(cases);
  for (const c of anomalyRng.shuffle(Int32Array.from({ length: cases }, (_, k) => k)).subarray(0, anomalousCount)) {
    labels[c] = 1;
  }
  const context: InjectionContext = { network, steps, period: options.period, magnitude: options.magnitude };
  const diff = new DiffBuilder(nodes);
  for (let c = 0; c < cases; c++) {
    if (labels[c] === 1) injectCase(data.subarray(c * caseSize, (c + 1) * caseSize), c, kinds, context, anomalyRng, diff);
  }
  return { data, shape: [cases, steps, nodes, nodes], labels, diff: diff.build() };
}

function requireFeasibleKinds(kinds: readonly AnomalyKind[], network: Network, options: GenerateOptions): void {
  for (const kind of kinds) {
    const reason = kindInfeasibility(kind, network);
    if (reason !== null) {
      throw new UserError(
        `--kinds: ${kind} is impossible: ${reason} (--nodes ${options.nodes} --communities ${options.communities} --graph-seed ${options.graphSeed}); drop it or change the network`,
      );
    }
  }
}

/** Injects one anomaly of a uniformly drawn kind and records every cell it changed. */
function injectCase(
  caseData: Float32Array,
  caseIndex: number,
  kinds: readonly AnomalyKind[],
  context: InjectionContext,
  rng: Rng,
  diff: DiffBuilder,
): void {
  const normal = caseData.slice();
  for (let attempt = 0; attempt < MAX_INJECTION_TRIES; attempt++) {
    INJECTORS[kinds[rng.int(kinds.length)]](caseData, context, rng);
    if (diff.addChanges(caseIndex, normal, caseData) > 0) return;
    caseData.set(normal);
  }
  throw new UserError(
    `case ${caseIndex}: no injected anomaly changed any value in ${MAX_INJECTION_TRIES} tries; raise --magnitude (${context.magnitude})`,
  );
}

/** Collects changed cells in case, t, i, j order (the order injection and scanning visit them). */
class DiffBuilder {
  private readonly caseIndex: number[] = [];
  private readonly t: number[] = [];
  private readonly i: number[] = [];
  private readonly j: number[] = [];
  private readonly value: number[] = [];

  constructor(private readonly nodes: number) {}

  /** Appends every cell where `changed` differs from `normal`; returns how many. */
  addChanges(caseIndex: number, normal: Float32Array, changed: Float32Array): number {
    const cellsPerStep = this.nodes * this.nodes;
    let count = 0;
    for (let k = 0; k < normal.length; k++) {
      // Both are float32 values; their difference in float64 is what `data` minus normal really is.
      const delta = changed[k] - normal[k];
      if (delta === 0) continue;
      const inStep = k % cellsPerStep;
      this.caseIndex.push(caseIndex);
      this.t.push(Math.floor(k / cellsPerStep));
      this.i.push(Math.floor(inStep / this.nodes));
      this.j.push(inStep % this.nodes);
      this.value.push(delta);
      count++;
    }
    return count;
  }

  build(): SparseCells {
    return {
      caseIndex: Int32Array.from(this.caseIndex),
      t: Int32Array.from(this.t),
      i: Int32Array.from(this.i),
      j: Int32Array.from(this.j),
      value: Float64Array.from(this.value),
    };
  }
}
