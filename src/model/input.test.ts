/** The fused transpose + inverted-dropout pass: layout, scaling, drop rate and independence. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../engine/random.js';
import { loadInput } from './input.js';

test('without dropout the batch is transposed to time-major exactly', () => {
  const B = 3, T = 2, D = 4;
  const x = Float64Array.from({ length: B * T * D }, (_, k) => k + 1);
  const out = new Float64Array(B * T * D);
  loadInput(x, B, T, D, out, null);
  for (let b = 0; b < B; b++) for (let t = 0; t < T; t++) for (let d = 0; d < D; d++) {
    assert.equal(out[(t * B + b) * D + d], x[(b * T + t) * D + d]);
  }
});

test('dropout: kept values scaled by 1/keepProb, drop rate 1 - keepProb, no run structure', () => {
  for (const keep of [0.98, 0.7]) {
    const B = 200, T = 10, D = 100; // 200k values
    const x = new Float32Array(B * T * D).fill(1);
    const out = new Float32Array(B * T * D);
    loadInput(x, B, T, D, out, { keepProb: keep, rng: new Rng(3) });
    let dropped = 0;
    let pairs = 0; // both of two neighbours (in (b,t,d) order) dropped
    let prevDropped = false;
    for (let b = 0; b < B; b++) for (let t = 0; t < T; t++) for (let d = 0; d < D; d++) {
      const v = out[(t * B + b) * D + d];
      const isDropped = v === 0;
      if (!isDropped) assert.equal(v, Math.fround(1 / keep));
      if (isDropped) dropped++;
      if (isDropped && prevDropped) pairs++;
      prevDropped = isDropped;
    }
    const n = B * T * D;
    const q = 1 - keep;
    const sd = Math.sqrt(n * q * keep);
    assert.ok(Math.abs(dropped - n * q) < 5 * sd, `keep ${keep}: dropped ${dropped}, expected ${n * q}`);
    const pairSd = Math.sqrt(n * q * q);
    assert.ok(Math.abs(pairs - n * q * q) < 5 * pairSd + 5, `keep ${keep}: ${pairs} adjacent pairs, expected ${n * q * q}`);
  }
});
