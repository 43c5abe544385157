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
export { matrix, type Matrix } from './matrix.js';
