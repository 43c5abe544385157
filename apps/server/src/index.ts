export { buildApp, VERSION, type BuildOptions } from './app.js';
export { loadConfig, ConfigError, type Config, type Env } from './config/config.js';
export { serve } from './serve.js';
export { runWorker } from './worker.js';
export { migrate, createUser } from './admin.js';
export { AppError } from './http/errors.js';
export { DatabaseInUseError } from '@aistudio/db';
// `aistudio train` reads a local file exactly as an upload is read and reports what a run reports.
export {
  convertToCanonicalParquet,
  inferSchema,
  IngestError,
  openDuckDB,
  type DatasetSchema,
  type DuckDBLimits,
} from './modules/datasets/ingest/index.js';
export { readTrainingTable, type TrainingColumn } from './modules/runs/read-training-table.js';
export { headlineMetrics } from './modules/runs/run-evaluation.js';
