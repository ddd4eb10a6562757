/**
 * deepsphere's library API (PyOD-like): fit -> model.score / model.detect -> model.save / loadModel,
 * plus the dataset readers and writers and the evaluation. See README.md for examples.
 */
export { fit, type FitOptions } from './train/fit.js';
export { PAPER_OPTIONS, type TrainOptions } from './train/options.js';
export { stderrProgress, type EpochReport, type ProgressListener } from './train/progress.js';
export {
  DeepSphereModel, loadModel, DEFAULT_CHUNK_SIZE,
  type CaseScores, type ModelConfig, type ModelMetadata, type ScoreOptions, type TrainingHistory,
} from './detect/model.js';
export type { CaseDetection, Detection, DetectOptions, NamedCellDeviation } from './detect/detection.js';
export { evaluateModel, type Evaluation } from './eval/evaluate.js';
export { rocAuc, averagePrecision, classificationMetrics } from './eval/metrics.js';
export { buildReportData, type ReportOptions } from './report/build.js';
export { renderReportHtml } from './report/html.js';
export type { CaseDetail, ReportData } from './report/report-data.js';
export { evaluateBaseline, COMPARISON_METHODS, type ComparisonMethod } from './baselines/evaluate.js';
export { fitLstmAutoencoder, type LstmAutoencoderOptions } from './baselines/lstm-ae.js';
export type { Dataset, DatasetShape, SparseCells } from './io/dataset.js';
export { loadDataset, saveDatasetPickle, type LoadDatasetOptions } from './io/dataset-file.js';
export { writeNumpyPickle } from './io/pickle/file.js';
export { writeNpy } from './io/npy.js';
export { generateDynamicNetworks } from './data/generate.js';
export type { GenerateOptions, AnomalyKind } from './data/options.js';
export { UserError } from './errors.js';
export { describeEngine, setGemmThreads } from './engine/backend.js';
