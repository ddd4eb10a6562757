/**
 * What an HTML report shows, as one JSON-serialisable value: the page's script reads it back from
 * the page and draws everything from it. Scores are kept for every case; full (T, N, N) tensors only
 * for the few cases shown in detail, so a report stays small whatever the number of cases.
 */
import type { NamedCellDeviation } from '../detect/detection.js';
import type { ResolvedThreshold } from '../detect/threshold.js';
import type { Evaluation } from '../eval/evaluate.js';

/** Bumped when the shape below changes, so the page's script can refuse data it does not know. */
export const REPORT_FORMAT = 1;

export interface ReportData {
  format: typeof REPORT_FORMAT;
  title: string;
  /** ISO time the report was built. */
  generated: string;
  model?: string;
  data?: string;
  cases: number;
  steps: number;
  nodes: number;
  nodeNames?: string[];
  flagged: number;
  threshold: ResolvedThreshold & { cellThreshold: number };
  preset: string;
  caseScore: string;
  /** Metrics against the data's labels (and known deviations); null when the data has neither. */
  evaluation: Evaluation | null;
  training: { loss: number[]; radius: number[]; seconds: number; engine?: string; stoppedEarly?: string };
  /** Per case (index = case): the model's score, d, label and, when known, the true label and start time. */
  scores: number[];
  distances: number[];
  labels: number[];
  truth?: number[];
  times?: string[];
  /** How many flagged cases did not fit in `details` (the cap or the size budget). */
  flaggedNotShown: number;
  /** The cases shown in detail, highest score first: the flagged ones or, if none is, the highest-scoring ones. */
  details: CaseDetail[];
}

export interface CaseDetail {
  index: number;
  score: number;
  label: 0 | 1;
  truth?: number;
  time?: string;
  /** Start time of each step, when the case's start and the step length are known. */
  stepTimes?: string[];
  error: number;
  /** Cells with |z| above this are flagged (the cell threshold, or higher in a case whose whole reconstruction drifts). */
  cellCutoff: number;
  anomalousCells: number;
  nodeScores: number[];
  stepScores: number[];
  top: NamedCellDeviation[];
  /** Observed X and expected X^ (the reconstruction), (T, N, N) row-major little-endian float32, base64. */
  observed: string;
  expected: string;
}
