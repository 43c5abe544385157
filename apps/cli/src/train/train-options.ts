import { parseArgs } from 'node:util';
import { checkTrainParams, EngineInputError, type Algorithm, type Task } from '@aistudio/engine';
import { CliError } from '../cli-error.js';

/** `--algorithm` values: the engine's algorithms, or `auto` for its AutoML search. */
export type CliAlgorithm = Algorithm | 'auto';

/** A parsed, checked `aistudio train` command line. */
export interface TrainOptions {
  readonly file: string;
  readonly target: string;
  readonly algorithm: CliAlgorithm;
  /** Null: the columns the schema inference marks as features. */
  readonly features: readonly string[] | null;
  readonly task: Task | null;
  /** AutoML's search budget; for one algorithm, a deadline that cancels the training. */
  readonly timeBudgetMs: number | null;
  readonly holdout: number;
  readonly seed: number;
  readonly params: Readonly<Record<string, unknown>>;
  readonly out: string | null;
  readonly onnx: string | null;
  readonly json: boolean;
}

export const TRAIN_USAGE = `Usage: aistudio train <file> --target <column> [options]

Trains a model locally (no server) on a CSV/TSV, JSON, JSON lines or Parquet file and evaluates it
on held-out rows.

Options:
  --target <column>        column to predict (required)
  --algorithm <name>       gbdt (default), linear, forest, tree, mlp, or auto (AutoML search)
  --features <a,b,...>     feature columns (default: every column inferred as a feature)
  --task <task>            regression, binary or multiclass (default: detected from the target)
  --time-budget <time>     AutoML budget (default 60s); a deadline for other algorithms (e.g. 90s, 5m)
  --holdout <fraction>     share of rows held out for evaluation, in (0, 1) (default 0.2)
  --seed <n>               seed of the split and the training (default 0)
  --param <key=value>      a hyperparameter, repeatable (e.g. --param nIter=200); value read as JSON
  --out <model.json>       write the trained model (engine JSON)
  --onnx <model.onnx>      write the trained model as ONNX
  --json                   print the result as JSON on stdout (progress stays on stderr)`;

const ALGORITHMS: readonly CliAlgorithm[] = ['gbdt', 'linear', 'forest', 'tree', 'mlp', 'auto'];
const TASKS: readonly Task[] = ['regression', 'binary', 'multiclass'];
const DEFAULT_AUTOML_BUDGET_MS = 60_000;
const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Parses `aistudio train` arguments; a bad one throws a `CliError` (exit 2) naming the flag. */
export function parseTrainOptions(args: readonly string[]): TrainOptions | 'help' {
  const { values, positionals } = parseStrict(args);
  if (values.help) return 'help';
  if (positionals.length !== 1) {
    throw usage(
      positionals.length === 0
        ? 'give the data file to train on'
        : `one file only, got ${positionals.length}`,
    );
  }
  if (!values.target) throw usage('--target is required: name the column to predict');
  const algorithm = oneOf('--algorithm', values.algorithm ?? 'gbdt', ALGORITHMS);
  const task = values.task === undefined ? null : oneOf('--task', values.task, TASKS);
  const params = parseParams(values.param ?? []);
  if (algorithm === 'auto' && Object.keys(params).length > 0) {
    throw usage('--param does not apply to --algorithm auto, which tunes the parameters itself');
  }
  // Some parameters depend on the task (alpha is for regression, C for classes): without --task
  // they are checked once the target has been read.
  if (algorithm !== 'auto' && task) checkParams(algorithm, params, task);
  const budget = values['time-budget'];
  return {
    file: positionals[0]!,
    target: values.target,
    algorithm,
    features: values.features === undefined ? null : parseFeatures(values.features),
    task,
    timeBudgetMs:
      budget !== undefined
        ? parseDuration(budget)
        : algorithm === 'auto'
          ? DEFAULT_AUTOML_BUDGET_MS
          : null,
    holdout: parseHoldout(values.holdout ?? '0.2'),
    seed: parseSeed(values.seed ?? '0'),
    params,
    out: values.out ?? null,
    onnx: values.onnx ?? null,
    json: values.json ?? false,
  };
}

function parseStrict(args: readonly string[]) {
  try {
    return parseArgs({
      args: [...args],
      allowPositionals: true,
      options: {
        target: { type: 'string' },
        algorithm: { type: 'string' },
        features: { type: 'string' },
        task: { type: 'string' },
        'time-budget': { type: 'string' },
        holdout: { type: 'string' },
        seed: { type: 'string' },
        param: { type: 'string', multiple: true },
        out: { type: 'string' },
        onnx: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    // node:util reports unknown flags and missing values as TypeErrors with a readable message.
    throw usage(error instanceof Error ? error.message.split('\n')[0]! : String(error));
  }
}

function usage(message: string): CliError {
  return new CliError(`aistudio train: ${message} (see aistudio train --help)`, 2);
}

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) {
    throw usage(`${flag} must be one of ${allowed.join(', ')}, got "${value}"`);
  }
  return value as T;
}

function parseFeatures(text: string): string[] {
  const names = text.split(',').map((name) => name.trim());
  if (names.some((name) => name === '')) throw usage('--features has an empty column name');
  const duplicate = names.find((name, i) => names.indexOf(name) !== i);
  if (duplicate !== undefined) throw usage(`--features names "${duplicate}" twice`);
  return names;
}

/** `90s`, `5m`, `1h`, `1500ms`, or plain seconds. */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  const ms = match ? Number(match[1]) * UNIT_MS[match[2] ?? 's']! : NaN;
  if (!(ms >= 1000)) {
    throw usage(`--time-budget must be a duration of at least 1s such as 60s or 5m, got "${text}"`);
  }
  return Math.round(ms);
}

function parseHoldout(text: string): number {
  const value = Number(text);
  if (!(text.trim() !== '' && value > 0 && value < 1)) {
    throw usage(`--holdout must be a fraction between 0 and 1 (exclusive), got "${text}"`);
  }
  return value;
}

function parseSeed(text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || value > 2 ** 32 - 1) {
    throw usage(`--seed must be an integer in 0..4294967295, got "${text}"`);
  }
  return value;
}

/** `key=value` pairs; values are JSON when they parse (numbers, booleans, null, arrays), else text. */
function parseParams(pairs: readonly string[]): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    const key = at > 0 ? pair.slice(0, at).trim() : '';
    if (key === '') throw usage(`--param needs key=value, got "${pair}"`);
    if (Object.hasOwn(params, key)) throw usage(`--param ${key} is given twice`);
    const raw = pair.slice(at + 1).trim();
    params[key] = parseParamValue(raw);
  }
  return params;
}

function parseParamValue(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

/** Refuses unknown or out-of-range hyperparameters for the task with a `CliError` (exit 2). */
export function checkParams(
  algorithm: Algorithm,
  params: Readonly<Record<string, unknown>>,
  task: Task,
): void {
  try {
    checkTrainParams(algorithm, params, task);
  } catch (error) {
    if (error instanceof EngineInputError) throw usage(`--param ${error.message}`);
    throw error;
  }
}
