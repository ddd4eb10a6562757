#!/usr/bin/env node
/**
 * GFLOP/s of every built GEMM engine on the model's product shapes: `npm run bench:gemm`,
 * or `node scripts/bench-gemm.mjs [repeats]` after a build. Each figure is the best of
 * `repeats` timed rounds, since other work on the machine only ever makes a round slower.
 */
import { ENGINE_NAMES, describeEngine, getGemm } from '../dist/engine/backend.js';

const repeats = Number(process.argv[2] ?? 7);

/** [label, transA, transB, m, n, k, beta]: training at M=1000, T=20, D=400, H=30 (4H = 120). */
const SHAPES = [
  ['encoder input gates  X Wx', false, false, 20000, 120, 400, 0],
  ['input weights grad   X^T dPre', true, false, 400, 120, 20000, 0],
  ['reconstruction       h W', false, false, 20000, 400, 30, 0],
  ['reconstruction grad  dY W^T', false, true, 20000, 30, 400, 0],
  ['recurrence, per step h Wh + G', false, false, 1000, 120, 30, 1],
  ['recurrence grad      dPre Wh^T', false, true, 1000, 30, 120, 0],
  ['small                32 x 32 x 32', false, false, 32, 32, 32, 0],
];

function random(length) {
  const values = new Float32Array(length);
  for (let i = 0; i < length; i++) values[i] = Math.random() * 2 - 1;
  return values;
}

for (const engine of ENGINE_NAMES) {
  process.env.DEEPSPHERE_BLAS = engine;
  let gemm;
  try {
    gemm = getGemm();
  } catch (error) {
    console.log(`${engine}: skipped, ${error.message}`);
    continue;
  }
  console.log(describeEngine(gemm));
  for (const [label, transA, transB, m, n, k, beta] of SHAPES) {
    const a = random(m * k), b = random(k * n), c = random(m * n);
    const flop = 2 * m * n * k;
    const calls = Math.max(1, Math.round(4e8 / flop)); // ~0.4 GFLOP a round
    let best = Infinity;
    for (let round = 0; round < repeats; round++) {
      const start = performance.now();
      for (let call = 0; call < calls; call++) gemm.sgemm(transA, transB, m, n, k, 1, a, transA ? m : k, b, transB ? k : n, beta, c, n);
      best = Math.min(best, (performance.now() - start) / calls);
    }
    console.log(`  ${label.padEnd(32)} ${`${m}x${n}x${k}`.padEnd(15)} ${best.toFixed(3).padStart(9)} ms  ${(flop / best / 1e6).toFixed(1).padStart(5)} GFLOP/s`);
  }
}
