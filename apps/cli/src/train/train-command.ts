import path from 'node:path';
import {
  EngineInputError,
  evaluateModel,
  exportOnnx,
  plannedIterations,
  prepareTarget,
  splitForEvaluation,
  train,
  TrainingAbortedError,
  type Algorithm,
  type Table,
  type TrainedModel,
  type TrainProgress,
} from '@aistudio/engine';
import { CliError } from '../cli-error.js';
import { isSystemError, systemReason } from '../system-error.js';
import { formatNumber } from '../text-table.js';
import { formatDuration, ProgressReporter, type ProgressStream } from './progress-reporter.js';
import { readTrainingFile } from './read-training-file.js';
import { trainAutoMl } from './train-automl.js';
import { checkParams, parseTrainOptions, TRAIN_USAGE, type TrainOptions } from './train-options.js';
import { headlineMetrics } from '@aistudio/server';
import { formatTrainResult, type Trained, type TrainResult } from './train-report.js';
import { writeFileAtomic } from './write-file-atomic.js';

/** Where the command writes: the result on stdout, progress and notes on stderr. */
export interface TrainIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: ProgressStream;
}

/** `aistudio train`: read a file, hold out rows, train, evaluate, print, write the model. */
export async function runTrainCommand(args: readonly string[], io: TrainIo): Promise<void> {
  const options = parseTrainOptions(args);
  if (options === 'help') {
    io.stdout.write(`${TRAIN_USAGE}\n`);
    return;
  }
  const cancel = new AbortController();
  // Ctrl-C stops training between iterations, so the scratch files are still removed.
  const onInterrupt = () => cancel.abort();
  process.once('SIGINT', onInterrupt);
  try {
    const result = await trainFromFile(options, io, cancel.signal);
    io.stdout.write(options.json ? `${JSON.stringify(result)}\n` : formatTrainResult(result));
  } catch (error) {
    throw asCliError(error, options, cancel.signal);
  } finally {
    process.off('SIGINT', onInterrupt);
  }
}

async function trainFromFile(
  options: TrainOptions,
  io: TrainIo,
  interrupt: AbortSignal,
): Promise<TrainResult> {
  // AutoML's bar follows its time budget; one algorithm's follows its iterations.
  const progress = new ProgressReporter(
    io.stderr,
    options.algorithm,
    options.algorithm === 'auto' ? { count: formatDuration } : {},
  );
  const name = path.basename(options.file);
  const read = await readTrainingFile(options.file, options);
  progress.log(
    `Read ${name}: ${read.format}, ${read.rows} rows, ${read.columns.length} columns; ` +
      `${read.features.length} features`,
  );
  checkTargetAndParams(read.table, options);
  const split = splitForEvaluation(read.table, options.target, {
    testFraction: options.holdout,
    seed: options.seed,
  });
  const trained = await (options.algorithm === 'auto'
    ? trainAutoMl(split.train, options, read.features, progress, interrupt)
    : trainOne(
        split.train,
        { ...options, algorithm: options.algorithm },
        read.features,
        progress,
        interrupt,
      ));
  progress.finish();
  const { model } = trained;
  progress.log(
    `Trained ${model.algorithm} (${model.task}) on ${split.train.numRows} rows in ` +
      `${formatDuration(trained.trainingMs)}; evaluating on ${split.test.numRows} held-out rows`,
  );
  const evaluation = await evaluateModel(model, split.test, { seed: options.seed });
  const outputs = await writeModelFiles(model, options, progress);
  return {
    file: path.resolve(options.file),
    format: read.format,
    rows: read.rows,
    target: options.target,
    task: model.task,
    taskReason: model.training.taskReason,
    requestedAlgorithm: options.algorithm,
    algorithm: model.algorithm,
    params: trained.params,
    features: model.inputs.map((input) => input.name),
    seed: options.seed,
    split: {
      holdout: options.holdout,
      trainRows: split.train.numRows,
      testRows: split.test.numRows,
      stratified: split.stratified,
    },
    trainingMs: Math.round(trained.trainingMs),
    metrics: headlineMetrics(evaluation),
    evaluation,
    automl: trained.automl,
    outputs,
  };
}

/**
 * Refuses a target with a single value whatever the task, and parameters that do not fit the
 * task the target gives (the engine's detection, or --task checked against the values).
 */
function checkTargetAndParams(table: Table, options: TrainOptions): void {
  const target = prepareTarget(table.column(options.target), options.task ?? undefined);
  if (target.task === 'regression' && target.values.every((v) => v === target.values[0])) {
    throw new CliError(
      `--target: "${options.target}" is constant (${target.values[0]}); there is nothing to learn`,
    );
  }
  if (options.algorithm !== 'auto') checkParams(options.algorithm, options.params, target.task);
}

async function trainOne(
  table: Table,
  options: TrainOptions & { readonly algorithm: Algorithm },
  features: readonly string[],
  progress: ProgressReporter,
  interrupt: AbortSignal,
): Promise<Trained> {
  const total = plannedIterations(options.algorithm, options.params);
  const signal = options.timeBudgetMs
    ? AbortSignal.any([interrupt, AbortSignal.timeout(options.timeBudgetMs)])
    : interrupt;
  const started = performance.now();
  const model = await train(
    {
      target: options.target,
      features,
      ...(options.task ? { task: options.task } : {}),
      algorithm: options.algorithm,
      params: options.params,
      seed: options.seed,
    },
    table,
    {
      signal,
      onProgress: (event) => progress.update(event.iteration, total, lossDetail(event)),
    },
  );
  return {
    model,
    params: options.params,
    trainingMs: performance.now() - started,
    automl: null,
  };
}

function lossDetail(event: TrainProgress): string {
  const parts = [];
  if (event.trainLoss !== undefined) parts.push(`loss ${formatNumber(event.trainLoss)}`);
  if (event.validLoss !== undefined) parts.push(`valid ${formatNumber(event.validLoss)}`);
  return parts.join('  ');
}

/** Writes the model JSON and ONNX asked for; returns their absolute paths (null: not asked). */
async function writeModelFiles(
  model: TrainedModel,
  options: TrainOptions,
  progress: ProgressReporter,
): Promise<TrainResult['outputs']> {
  // Both files are built before either is written: a model that cannot become ONNX writes nothing.
  const onnx = options.onnx ? exportOnnx(model) : null;
  const outputs = { model: resolved(options.out), onnx: resolved(options.onnx) };
  if (outputs.model) await writeOutput('--out', outputs.model, JSON.stringify(model));
  if (outputs.onnx && onnx) await writeOutput('--onnx', outputs.onnx, onnx);
  for (const file of [outputs.model, outputs.onnx]) if (file) progress.log(`Wrote ${file}`);
  return outputs;
}

async function writeOutput(flag: string, file: string, data: string | Uint8Array) {
  try {
    await writeFileAtomic(file, data);
  } catch (error) {
    if (isSystemError(error))
      throw new CliError(`${flag}: cannot write ${file}: ${systemReason(error)}`);
    throw error;
  }
}

function resolved(file: string | null): string | null {
  return file === null ? null : path.resolve(file);
}

/**
 * Every failure becomes one line prefixed with the command, never a stack: the engine's messages
 * already name the column or parameter at fault.
 */
function asCliError(error: unknown, options: TrainOptions, interrupt: AbortSignal): CliError {
  const prefix = 'aistudio train: ';
  if (error instanceof CliError) {
    return error.message.startsWith(prefix)
      ? error
      : new CliError(`${prefix}${error.message}`, error.exitCode);
  }
  if (error instanceof TrainingAbortedError) {
    if (interrupt.aborted) return new CliError(`${prefix}interrupted`, 130);
    const budget = formatDuration(options.timeBudgetMs ?? 0);
    return new CliError(
      `${prefix}--time-budget ${budget} ran out after ${error.iteration} iteration(s); ` +
        'give more time or fewer iterations',
    );
  }
  if (error instanceof EngineInputError) {
    const param = Object.hasOwn(options.params, error.subject) ? '--param ' : '';
    return new CliError(`${prefix}${param}${error.message}`);
  }
  const message = error instanceof Error ? error.message : String(error);
  return new CliError(`${prefix}${message.split('\n')[0]}`);
}
