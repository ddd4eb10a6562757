/**
 * Gathers what a report shows from a model and a dataset: the detection (every case's score and
 * label, the explained cases' deviating cells, nodes and steps), the evaluation when the data has
 * labels, the training history, and the observed / expected tensors of the cases shown in detail.
 */
import type { CaseDetection } from '../detect/detection.js';
import { DEFAULT_TOP } from '../detect/detection.js';
import type { DeepSphereModel } from '../detect/model.js';
import { stepStartTime } from '../detect/times.js';
import { evaluateModel } from '../eval/evaluate.js';
import type { Dataset } from '../io/dataset.js';
import { REPORT_FORMAT, type CaseDetail, type ReportData } from './report-data.js';
import { reconstructCases } from './reconstruct.js';

export interface ReportOptions {
  /** At most this many cases shown in detail (default 50). */
  maxDetail?: number;
  /** Deviating cells listed per detailed case (default 20). */
  top?: number;
  /** Cases scored per forward pass. */
  chunkSize?: number;
  /** Refuse (UserError) scoring whose estimated working set exceeds this; default 75% of RAM. */
  maxMemoryBytes?: number;
  title?: string;
  /** Paths shown in the header, as the user gave them. */
  modelPath?: string;
  dataPath?: string;
  /** Defaults to now; fixed in tests. */
  generated?: Date;
}

export const DEFAULT_MAX_DETAIL = 50;

/**
 * Raw bytes of detail tensors a report may hold (observed + expected, float32; base64 adds a third).
 * Large networks get fewer detailed cases rather than a report a browser struggles to open.
 */
export const DETAIL_BYTES_BUDGET = 6 * 1024 * 1024;

export function buildReportData(model: DeepSphereModel, dataset: Dataset, options: ReportOptions = {}): ReportData {
  const maxDetail = options.maxDetail ?? DEFAULT_MAX_DETAIL;
  if (!Number.isInteger(maxDetail) || maxDetail < 1) throw new RangeError(`maxDetail must be an integer >= 1, got ${maxDetail}`);
  const [cases, steps, nodes] = dataset.shape;
  const caseBytes = 2 * 4 * steps * nodes * nodes;
  const detailCount = Math.max(1, Math.min(maxDetail, Math.floor(DETAIL_BYTES_BUDGET / caseBytes)));
  const { chunkSize, maxMemoryBytes } = options;
  const scoring = { ...(chunkSize ? { chunkSize } : {}), ...(maxMemoryBytes ? { maxMemoryBytes } : {}) };
  // `explain` makes the highest-scoring cases explained even when none is flagged (e.g. a sphere that flags nothing).
  const detection = model.detect(dataset, { top: options.top ?? DEFAULT_TOP, explain: detailCount, ...scoring });
  const ranked = detection.results.filter((r) => r.top !== undefined).sort((a, b) => b.score - a.score || a.index - b.index);
  const flaggedRanked = ranked.filter((r) => r.label === 1);
  const shown = (flaggedRanked.length > 0 ? flaggedRanked : ranked).slice(0, detailCount);
  const expected = reconstructCases(model, dataset, shown.map((r) => r.index), chunkSize);
  const caseSize = steps * nodes * nodes;
  const { history } = model;
  const hasTruth = dataset.labels !== undefined || dataset.diff !== undefined;
  return {
    format: REPORT_FORMAT,
    title: options.title ?? 'DeepSphere report',
    generated: (options.generated ?? new Date()).toISOString(),
    ...(options.modelPath !== undefined ? { model: options.modelPath } : {}),
    ...(options.dataPath !== undefined ? { data: options.dataPath } : {}),
    cases, steps, nodes,
    ...(detection.nodeNames ? { nodeNames: detection.nodeNames } : {}),
    flagged: detection.flagged,
    threshold: detection.threshold,
    preset: model.config.preset,
    caseScore: model.config.caseScore,
    evaluation: hasTruth ? evaluateModel(model, dataset, scoring) : null,
    training: {
      loss: history.loss.map(round), radius: history.radius.map(round), seconds: history.seconds,
      ...(history.engine ? { engine: history.engine } : {}),
      ...(history.stoppedEarly ? { stoppedEarly: history.stoppedEarly } : {}),
    },
    scores: detection.results.map((r) => round(r.score)),
    distances: detection.results.map((r) => round(r.distance)),
    labels: detection.results.map((r) => r.label),
    ...(dataset.labels ? { truth: Array.from(dataset.labels) } : {}),
    ...(dataset.caseTimes ? { times: dataset.caseTimes } : {}),
    flaggedNotShown: detection.flagged - shown.filter((r) => r.label === 1).length,
    details: shown.map((result, k) => caseDetail(result, dataset, model, {
      observed: dataset.data.subarray(result.index * caseSize, (result.index + 1) * caseSize),
      expected: expected.subarray(k * caseSize, (k + 1) * caseSize),
    })),
  };
}

function caseDetail(result: CaseDetection, dataset: Dataset, model: DeepSphereModel, tensors: { observed: Float32Array; expected: Float32Array }): CaseDetail {
  const stepSeconds = dataset.stepSeconds ?? model.metadata.stepSeconds;
  const stepTimes = result.time !== undefined && stepSeconds !== undefined
    ? Array.from({ length: dataset.shape[1] }, (_, t) => stepStartTime(result.time!, t, stepSeconds))
    : undefined;
  const truth = dataset.labels?.[result.index];
  return {
    index: result.index,
    score: result.score,
    label: result.label,
    ...(truth !== undefined ? { truth } : {}),
    ...(result.time !== undefined ? { time: result.time } : {}),
    ...(stepTimes && stepTimes.every((s) => s !== undefined) ? { stepTimes: stepTimes as string[] } : {}),
    error: result.error,
    anomalousCells: result.anomalousCells ?? 0,
    cellCutoff: result.cellCutoff ?? model.config.cellThreshold,
    nodeScores: (result.nodeScores ?? []).map(round),
    stepScores: (result.stepScores ?? []).map(round),
    top: result.top ?? [],
    observed: float32Base64(tensors.observed),
    expected: float32Base64(tensors.expected),
  };
}

/** Little-endian float32 bytes as base64 (the page decodes them into a Float32Array; x86 and ARM are little-endian). */
export function float32Base64(values: Float32Array): string {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('base64');
}

/** Six significant digits: plenty for a chart, and the per-case arrays stay short. */
function round(value: number): number {
  return Number.isFinite(value) ? Number(value.toPrecision(6)) : value;
}
