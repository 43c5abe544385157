export {
  DEFAULT_DISTANCE_THRESHOLD,
  DEFAULT_DRIFT_BINS,
  DEFAULT_MIN_SAMPLES,
  DEFAULT_P_VALUE_THRESHOLD,
  DRIFT_METHODS,
  defaultDriftMethod,
  detectColumnDrift,
  type ChosenDriftMethod,
  type ColumnDrift,
  type DriftColumn,
  type DriftHistogram,
  type DriftMethod,
  type DriftOptions,
} from './column-drift.js';
export {
  DEFAULT_DRIFT_SHARE,
  detectDatasetDrift,
  type DatasetDrift,
  type DatasetDriftOptions,
} from './dataset-drift.js';
export { chiSquaredCategories, proportionZTest, type PValueResult } from './distribution-tests.js';
export {
  jensenShannonDistance,
  normalizedWasserstein,
  populationStabilityIndex,
  wassersteinDistance,
} from './distances.js';
export { equalWidthShares, quantileShares, type BinnedShares } from './histograms.js';
export { ksTwoSample, type KsTwoSampleResult } from './ks-two-sample.js';
export { kolmogorovSf } from './kolmogorov.js';
