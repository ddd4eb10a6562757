import type { Rng } from '../engine/random.js';

/**
 * Mini-batch plan for one epoch. Full batch (size 0 or >= cases) keeps the original order and
 * hands out the data itself (no copy, as the paper trains); otherwise cases are shuffled each
 * epoch and gathered into one reusable buffer.
 */
export class BatchSampler {
  private readonly order: Uint32Array;
  private readonly buffer: Float32Array | null;
  readonly batchSize: number;

  constructor(
    private readonly data: Float32Array,
    private readonly cases: number,
    private readonly caseLength: number,
    batchSize: number,
    private readonly rng: Rng,
  ) {
    this.batchSize = batchSize <= 0 || batchSize >= cases ? cases : batchSize;
    this.order = Uint32Array.from({ length: cases }, (_, k) => k);
    this.buffer = this.batchSize === cases ? null : new Float32Array(this.batchSize * caseLength);
  }

  get batchesPerEpoch(): number {
    return Math.ceil(this.cases / this.batchSize);
  }

  /** Yields (batch view, batch size) pairs covering every case once. The view is reused: consume it before the next. */
  *epoch(): Generator<[Float32Array, number]> {
    if (this.buffer === null) {
      yield [this.data.subarray(0, this.cases * this.caseLength), this.cases];
      return;
    }
    this.rng.shuffle(this.order);
    const { caseLength, buffer } = this;
    for (let start = 0; start < this.cases; start += this.batchSize) {
      const size = Math.min(this.batchSize, this.cases - start);
      for (let k = 0; k < size; k++) {
        const source = this.order[start + k] * caseLength;
        buffer.set(this.data.subarray(source, source + caseLength), k * caseLength);
      }
      yield [buffer.subarray(0, size * caseLength), size];
    }
  }
}
