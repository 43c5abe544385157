import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Table } from '@aistudio/engine';
import {
  convertToCanonicalParquet,
  inferSchema,
  IngestError,
  openDuckDB,
  readTrainingTable,
  type DatasetSchema,
  type DuckDBLimits,
} from '@aistudio/server';
import { CliError } from '../cli-error.js';
import { isSystemError, systemReason } from '../system-error.js';

/** A data file read for training: the target and feature columns as an engine table. */
export interface TrainingFile {
  readonly table: Table;
  /** How the file was read: csv, json, jsonl, parquet or arrow (sniffed from its bytes). */
  readonly format: string;
  readonly rows: number;
  /** Every column of the file, in order. */
  readonly columns: readonly string[];
  readonly features: readonly string[];
}

/**
 * Reads a CSV/TSV, JSON, JSON-lines, Parquet or Arrow file the way the server reads an upload
 * (format and CSV dialect sniffed from the content, types inferred the same way), so a model
 * trained here sees the same columns as one trained on the same file in the studio.
 */
export async function readTrainingFile(
  file: string,
  columns: { readonly target: string; readonly features: readonly string[] | null },
): Promise<TrainingFile> {
  await assertReadableFile(file);
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'aistudio-train-'));
  try {
    const limits: DuckDBLimits = {
      // Half the machine: DuckDB spills to the scratch directory past it rather than failing.
      memoryLimit: `${Math.floor(os.totalmem() / 2 / 2 ** 20)}MB`,
      threads: os.availableParallelism(),
      tempDirectory: path.join(scratch, 'spill'),
    };
    const parquet = path.join(scratch, 'table.parquet');
    const { format, schema } = await convertAndInfer(file, parquet, columns.target, limits);
    const names = schema.columns.map((c) => c.name);
    const features = chooseFeatures(schema, columns, path.basename(file));
    const wanted = new Set([...features, columns.target]);
    const table = await readTrainingTable(
      parquet,
      schema.columns.filter((c) => wanted.has(c.name)).map(({ name, type }) => ({ name, type })),
      limits,
    );
    return { table, format, rows: table.numRows, columns: names, features };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

async function assertReadableFile(file: string): Promise<void> {
  try {
    if (!(await stat(file)).isFile()) throw new CliError(`${file}: not a file`);
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`cannot read ${file}: ${systemReason(error)}`);
  }
}

async function convertAndInfer(
  file: string,
  parquet: string,
  target: string,
  limits: DuckDBLimits,
): Promise<{ format: string; schema: DatasetSchema }> {
  const session = await openDuckDB(limits);
  try {
    const canonical = await convertToCanonicalParquet(session, file, parquet);
    const schema = await inferSchema(session, parquet, { target });
    return { format: canonical.format, schema };
  } catch (error) {
    if (error instanceof IngestError) throw new CliError(`${file}: ${error.message}`);
    if (isSystemError(error)) throw new CliError(`cannot read ${file}: ${systemReason(error)}`);
    throw error;
  } finally {
    session.close();
  }
}

/** The features asked for, or (as the server does) every column whose inferred role is feature. */
function chooseFeatures(
  schema: DatasetSchema,
  columns: { readonly target: string; readonly features: readonly string[] | null },
  fileName: string,
): readonly string[] {
  const byName = new Map(schema.columns.map((c) => [c.name, c]));
  const missing = (flag: string, name: string) =>
    new CliError(`${flag}: ${fileName} has no column "${name}" (it has ${listNames(schema)})`);
  if (!byName.has(columns.target)) throw missing('--target', columns.target);
  if (columns.features) {
    for (const name of columns.features) {
      if (!byName.has(name)) throw missing('--features', name);
      if (name === columns.target) throw new CliError('--features: must not include the target');
    }
    return columns.features;
  }
  const features = schema.columns
    .filter((c) => c.role === 'feature' && c.name !== columns.target)
    .map((c) => c.name);
  if (features.length === 0) {
    throw new CliError(
      `${fileName}: no feature columns besides "${columns.target}" (identifiers, dates and constant columns are left out; name them with --features)`,
    );
  }
  return features;
}

function listNames(schema: DatasetSchema): string {
  const names = schema.columns.map((c) => `"${c.name}"`);
  return names.length <= 12 ? names.join(', ') : `${names.slice(0, 12).join(', ')}, …`;
}
