import type { Rng } from '../engine/random.js';
import type { Network } from './network.js';

/** What makes one normal case differ from another on the same network. */
export interface CaseRhythm {
  /** Overall activity level: scales every link. */
  level: number;
  /** Relative amplitude of the periodic swing around the level. */
  amplitude: number;
  /** Phase of the cycle at t = 0, radians. */
  phase: number;
}

/*
 * Ranges fitted on the example data: per-case activity 0.7-1.3, relative amplitude 0.25-0.45
 * (so a link never swings to zero before noise), phase anywhere on the cycle.
 */
const LEVEL: [number, number] = [0.7, 1.3];
const AMPLITUDE: [number, number] = [0.25, 0.45];

export function drawCaseRhythm(rng: Rng): CaseRhythm {
  return {
    level: rng.uniform(LEVEL[0], LEVEL[1]),
    amplitude: rng.uniform(AMPLITUDE[0], AMPLITUDE[1]),
    phase: rng.uniform(0, 2 * Math.PI),
  };
}

/**
 * Writes one normal case into `out` (length steps * N * N, zero-filled):
 * x[t, link] = max(0, level * weight * (1 + amplitude * sin(2 pi t / period + phase + linkPhase)) + noise * z).
 * Absent links stay exactly 0, as in the example data. One normal draw per link and step, whatever
 * `noise` is, so the same seed gives the same background at every noise level.
 */
export function fillNormalCase(
  out: Float32Array,
  network: Network,
  rhythm: CaseRhythm,
  steps: number,
  period: number,
  noise: number,
  rng: Rng,
): void {
  const { linkCell, weight, phase } = network;
  const cellsPerStep = network.nodes * network.nodes;
  // sin(a + b) = sin a cos b + cos a sin b: one sin/cos per step, not per link.
  const linkSin = phase.map(Math.sin);
  const linkCos = phase.map(Math.cos);
  for (let t = 0; t < steps; t++) {
    const angle = (2 * Math.PI * t) / period + rhythm.phase;
    const stepSin = Math.sin(angle);
    const stepCos = Math.cos(angle);
    const base = t * cellsPerStep;
    for (let e = 0; e < linkCell.length; e++) {
      const swing = stepSin * linkCos[e] + stepCos * linkSin[e];
      const value = rhythm.level * weight[e] * (1 + rhythm.amplitude * swing) + noise * rng.normal();
      out[base + linkCell[e]] = value > 0 ? value : 0;
    }
  }
}
