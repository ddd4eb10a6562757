/**
 * After training: one pass over the training cases gives the statistics that calibrate the model
 * (see detect/calibration.ts): the robust location/scale of distance, error and tail error, every
 * training case's score, and per-cell residual statistics from up to MAX_CELL_CASES cases (evenly
 * spaced; the per-cell medians need all their residuals in memory at once).
 */
import type { Gemm } from '../engine/gemm.js';
import type { Params } from '../model/index.js';
import { calibrateCells, calibrateScores, caseScore, needsScoreCalibration, type CaseScoreKind } from '../detect/calibration.js';
import type { InputScaling } from '../detect/input-scaling.js';
import type { ModelCalibration } from '../detect/model.js';
import { scoreChunks } from '../detect/scoring.js';

const MAX_CELL_CASES = 500;

export function calibrateModel(
  params: Params<Float32Array>, scaling: InputScaling | undefined, data: Float32Array, cases: number,
  kind: CaseScoreKind, gemm: Gemm,
): ModelCalibration {
  const caseSize = params.shape.steps * params.shape.features;
  const distances = new Float64Array(cases);
  const errors = new Float64Array(cases);
  const tails = new Float64Array(cases);
  const cellCases = Math.min(cases, MAX_CELL_CASES);
  const residuals = new Float32Array(cellCases * caseSize);
  let nextPick = 0; // cases floor(k * cases / cellCases) for k = 0..cellCases-1 are kept
  for (const chunk of scoreChunks(params, scaling, data, cases, { reconstruct: true, chunkSize: 256, gemm })) {
    distances.set(chunk.distances.subarray(0, chunk.count), chunk.first);
    errors.set(chunk.errors.subarray(0, chunk.count), chunk.first);
    tails.set(chunk.tails.subarray(0, chunk.count), chunk.first);
    const reconstruction = chunk.reconstruction!;
    for (; nextPick < cellCases; nextPick++) {
      const index = Math.floor((nextPick * cases) / cellCases);
      if (index >= chunk.first + chunk.count) break;
      const source = index * caseSize;
      const local = (index - chunk.first) * caseSize;
      const target = nextPick * caseSize;
      for (let cell = 0; cell < caseSize; cell++) {
        const residual = data[source + cell] - reconstruction[local + cell];
        residuals[target + cell] = scaling ? residual / scaling.scale[cell] : residual;
      }
    }
  }
  const scores = needsScoreCalibration(kind) ? calibrateScores(distances, errors, tails) : undefined;
  const radius = Math.abs(params.radius[0]);
  const trainingScores = Float32Array.from({ length: cases }, (_, k) =>
    caseScore(kind, radius, scores, { distance: distances[k], error: errors[k], tail: tails[k] }));
  return { trainingScores, cells: calibrateCells(residuals, cellCases, caseSize), ...(scores ? { scores } : {}) };
}
