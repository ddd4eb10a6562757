import type { SparseCells } from '../io/dataset.js';
import { rocAuc } from './metrics.js';

/**
 * Nested-level metrics accumulated chunk by chunk, so scoring never needs the whole (M,T,N,N)
 * residual tensor at once:
 * - rmse: sqrt(mean((residual - trueDiff)^2)) over all cells, trueDiff 0 outside `diff` (the original's definition);
 * - rocAuc: ROC-AUC of |residual| against "cell is in diff", over the cells of truly anomalous cases.
 */
export class NestedMetricsAccumulator {
  /** Per case: cell index within the case -> true deviation (last record wins, as numpy assignment does). */
  private readonly truthByCase = new Map<number, Map<number, number>>();
  private squaredError = 0;
  private cellsSeen = 0;
  private readonly anomalousScores: number[] = [];
  private readonly anomalousTruth: number[] = [];

  constructor(
    private readonly caseSize: number,
    nodes: number,
    diff: SparseCells,
    private readonly isAnomalous: (caseIndex: number) => boolean,
  ) {
    const perStep = nodes * nodes;
    for (let k = 0; k < diff.caseIndex.length; k++) {
      const cell = diff.t[k] * perStep + diff.i[k] * nodes + diff.j[k];
      let cells = this.truthByCase.get(diff.caseIndex[k]);
      if (!cells) this.truthByCase.set(diff.caseIndex[k], (cells = new Map()));
      cells.set(cell, diff.value[k]);
    }
  }

  /** Adds the residuals (X - X^) of `count` consecutive cases starting at `firstCase`. */
  add(firstCase: number, residual: ArrayLike<number>, count: number): void {
    const { caseSize } = this;
    for (let k = 0; k < count; k++) {
      const caseIndex = firstCase + k;
      const base = k * caseSize;
      const truth = this.truthByCase.get(caseIndex);
      let sum = 0;
      for (let cell = 0; cell < caseSize; cell++) sum += residual[base + cell] * residual[base + cell];
      if (truth) {
        // Replace r^2 by (r - v)^2 at the known cells.
        for (const [cell, value] of truth) {
          const r = residual[base + cell];
          sum += (r - value) * (r - value) - r * r;
        }
      }
      this.squaredError += sum;
      if (this.isAnomalous(caseIndex)) {
        for (let cell = 0; cell < caseSize; cell++) {
          this.anomalousScores.push(Math.abs(residual[base + cell]));
          this.anomalousTruth.push(truth && (truth.get(cell) ?? 0) !== 0 ? 1 : 0);
        }
      }
    }
    this.cellsSeen += count * caseSize;
  }

  result(): { rmse: number | null; rocAuc: number | null } {
    return {
      rmse: this.cellsSeen > 0 ? Math.sqrt(this.squaredError / this.cellsSeen) : null,
      rocAuc: this.anomalousScores.length > 0 ? rocAuc(this.anomalousTruth, this.anomalousScores) : null,
    };
  }
}
