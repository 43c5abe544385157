export { EngineInputError, TrainingAbortedError } from './errors.js';
export {
  Table,
  numericColumn,
  type CategoricalColumn,
  type Column,
  type ColumnInput,
  type FromRecordsOptions,
  type NumericColumn,
} from './table.js';
export {
  ARROW_HEADER,
  ArrowFormatError,
  checkMetadataLength,
  corruptArrow,
  decodeRecordBatch,
  footerEnd,
  messageFrame,
  parseArrowSchema,
  parseFooterSchema,
  parseMessage,
  type ArrowCell,
  type ArrowField,
} from './arrow/arrow-ipc.js';
export {
  applyBinning,
  fitBinning,
  FLOAT32_MAX,
  type BinnedTable,
  type CategoricalBinning,
  type FeatureBinning,
  type FitBinningOptions,
  type NumericBinning,
} from './binning.js';
export type { GbdtObjective, GbdtParams } from './gbdt/params.js';
export {
  predictGbdt,
  type GbdtFeature,
  type GbdtModel,
  type GbdtTree,
  type PredictGbdtOptions,
} from './gbdt/model.js';
export { trainGbdt, type GbdtProgress, type TrainGbdtOptions } from './gbdt/train.js';
export {
  runHistogramWorker,
  type HistogramThreads,
  type HistogramWorkerInit,
} from './gbdt/parallel.js';
export { ENGINE_VERSION } from './version.js';
export { prepareTarget, type ClassLabel, type PreparedTarget, type Task } from './task.js';
export {
  alignToInputs,
  inputFieldsOf,
  recordsToTable,
  RecordsError,
  type InputField,
  type RecordIssue,
} from './records.js';
export {
  predict,
  type Algorithm,
  type Estimator,
  type Predictions,
  type TrainedModel,
  type TrainingInfo,
} from './model.js';
export {
  checkTrainParams,
  plannedIterations,
  train,
  type TrainCheckpoint,
  type TrainOptions,
  type TrainProgress,
  type TrainSpec,
} from './train.js';
export { exportOnnx } from './onnx/export.js';
export { matrix, type Matrix } from './matrix.js';
export { UndefinedMetricError } from './metrics/undefined-metric.js';
export type { LabelInput, NumberInput } from './metrics/inputs.js';
export {
  accuracy,
  balancedAccuracy,
  confusionMatrix,
  precisionRecallF1,
  type ClassificationScores,
  type ConfusionMatrixOptions,
  type ConfusionNormalize,
  type LabelMetricOptions,
  type PrecisionRecallF1,
  type PrecisionRecallF1Options,
} from './metrics/label-metrics.js';
export {
  precisionRecallCurve,
  rocCurve,
  type BinaryCurveOptions,
  type PrecisionRecallCurve,
  type RocCurve,
} from './metrics/binary-curves.js';
export {
  averagePrecision,
  logLoss,
  rocAuc,
  type ScoreMetricOptions,
} from './metrics/score-metrics.js';
export {
  calibrationCurve,
  type CalibrationCurve,
  type CalibrationCurveOptions,
} from './metrics/calibration-curve.js';
export {
  explainedVariance,
  meanAbsoluteError,
  meanAbsolutePercentageError,
  meanSquaredError,
  r2Score,
  residuals,
  rootMeanSquaredError,
  type RegressionMetricOptions,
} from './metrics/regression-metrics.js';
export {
  evaluateClassification,
  type ClassCurves,
  type ClassificationReport,
  type EvaluateClassificationOptions,
  type UndefinedMetric,
} from './metrics/evaluate-classification.js';
export {
  evaluateRegression,
  type EvaluateRegressionOptions,
  type RegressionReport,
} from './metrics/evaluate-regression.js';
export { columnLength, type ColumnKind, type TextColumn } from './table.js';
export {
  fitPipeline,
  fitTransformPipeline,
  transformTable,
  PIPELINE_FORMAT,
  PIPELINE_VERSION,
  type FitPipelineOptions,
  type Pipeline,
  type SchemaColumn,
} from './preprocess/pipeline.js';
export { STEP_TYPES, type FittedStep, type PipelineStep } from './preprocess/steps.js';
export type { ColumnSelector } from './preprocess/columns.js';
export type { TargetInput, TargetType } from './preprocess/target.js';
export type { DatetimePart } from './preprocess/datetime.js';
export { OTHER_CATEGORY } from './preprocess/encode.js';
export { parseIsoDate } from './preprocess/datetime.js';
export { toMatrix } from './preprocess/to-matrix.js';
export type {
  LinearParams,
  LinearPenalty,
  LinearSolver,
  LinearTask,
  ResolvedLinearParams,
} from './linear/params.js';
export { predictLinear, type LinearModel, type PredictLinearOptions } from './linear/model.js';
export { trainLinear, type LinearProgress, type TrainLinearOptions } from './linear/train.js';
export type { StopReason as LinearStopReason } from './linear/solver.js';
export type { MlpActivation, MlpObjective, MlpParams, MlpSolver } from './mlp/params.js';
export { predictMlp, type MlpHistory, type MlpLayer, type MlpModel } from './mlp/model.js';
export { trainMlp, type MlpProgress, type TrainMlpOptions } from './mlp/train.js';
export type { MlpCheckpoint, MlpCheckpointSink } from './mlp/checkpoint.js';
export type {
  ForestParams,
  ForestTask,
  MaxFeatures,
  ResolvedForestParams,
} from './forest/params.js';
export {
  forestClasses,
  predictForest,
  type ForestModel,
  type ForestOob,
  type ForestTree,
} from './forest/model.js';
export {
  trainDecisionTree,
  trainForest,
  type DecisionTreeParams,
  type ForestProgress,
  type TrainForestOptions,
} from './forest/train.js';
export type { RowSplit, StratifyLabels } from './validation/row-split.js';
export { holdoutSplit, stratifiedHoldoutSplit, type HoldoutOptions } from './validation/holdout.js';
export { kFold, stratifiedKFold, type KFoldOptions } from './validation/k-fold.js';
export { timeSeriesSplit, type TimeSeriesSplitOptions } from './validation/time-series-split.js';
export type {
  CategoricalParam,
  IntParam,
  LogUniformParam,
  ParamSpec,
  ParamValue,
  Params,
  SearchSpace,
  UniformParam,
} from './tuning/search-space.js';
export type {
  Direction,
  IntermediateValue,
  MedianPrunerConfig,
  PrunerConfig,
  RandomSamplerConfig,
  SamplerConfig,
  StudyState,
  SuccessiveHalvingPrunerConfig,
  TpeSamplerConfig,
  TrialRecord,
  TrialState,
} from './tuning/study-state.js';
export {
  Study,
  type AskedTrial,
  type CreateStudyOptions,
  type TrialOutcome,
} from './tuning/study.js';
export {
  poolMap,
  tune,
  TrialPrunedError,
  type Objective,
  type ParallelMap,
  type TrialContext,
  type TuneOptions,
  type TuneResult,
} from './tuning/tune.js';
export {
  permutationImportance,
  type PermutationImportance,
  type PermutationImportanceOptions,
} from './explain/permutation-importance.js';
export type { ShapTree } from './explain/shap-tree.js';
export {
  explainTrees,
  type ModelShapValues,
  type ShapEnsemble,
  type ShapEnsembleTree,
  type ShapValues,
} from './explain/explain-trees.js';
export { explainGbdt, gbdtShapTree } from './explain/gbdt-shap.js';
export { explainForest, forestShapTree } from './explain/forest-shap.js';
export {
  evaluateModel,
  type EvaluateModelOptions,
  type EvaluationReport,
} from './evaluation/evaluate-model.js';
export type { FairnessReport } from './evaluation/fairness.js';
export type { FeatureImportanceReport } from './evaluation/feature-importance.js';
export type { ShapSummary } from './evaluation/shap-summary.js';
export {
  splitForEvaluation,
  type EvaluationSplit,
  type EvaluationSplitOptions,
} from './evaluation/split-for-evaluation.js';
export { automl } from './automl/automl.js';
export {
  candidateAlgorithms,
  searchSpaceOf,
  trainParamsOf,
  type DataShape,
} from './automl/search-spaces.js';
export { shouldPrune } from './tuning/pruners.js';
export type {
  AutoMlAlgorithm,
  AutoMlLeaderboardEntry,
  AutoMlMetric,
  AutoMlOptions,
  AutoMlResult,
  AutoMlTrial,
  AutoMlTrialStatus,
  AutoMlValidation,
} from './automl/types.js';
export {
  encodedFeatureCount,
  trainingCostTerms,
  type CostTerms,
  type TrainingShape,
} from './estimate/cost-terms.js';
export { estimateTrainingSeconds, type TrainingEstimate } from './estimate/estimate-training.js';
export { TRAINING_COST, type CostCoefficients } from './estimate/training-cost-table.js';
export * from './drift/index.js';
