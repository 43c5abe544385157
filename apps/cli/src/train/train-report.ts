import type { Algorithm, EvaluationReport, Task, TrainedModel } from '@aistudio/engine';
import { formatNumber, formatTable } from '../text-table.js';
import type { CliAlgorithm } from './train-options.js';

/** AutoML's search, as `--json` reports it. */
export interface AutoMlSummary {
  readonly metric: string;
  readonly stoppedBy: string;
  readonly elapsedMs: number;
  readonly trials: readonly {
    readonly rank: number;
    readonly algorithm: string;
    readonly status: string;
    readonly score: number | null;
    readonly durationMs: number;
    readonly params: Readonly<Record<string, unknown>>;
  }[];
}

/** A trained model and how it was found. */
export interface Trained {
  readonly model: TrainedModel;
  readonly params: Readonly<Record<string, unknown>>;
  readonly trainingMs: number;
  readonly automl: AutoMlSummary | null;
}

/** What `aistudio train --json` prints: one JSON object on stdout. */
export interface TrainResult {
  readonly file: string;
  readonly format: string;
  readonly rows: number;
  readonly target: string;
  readonly task: Task;
  readonly taskReason: string;
  readonly requestedAlgorithm: CliAlgorithm;
  readonly algorithm: Algorithm;
  readonly params: Readonly<Record<string, unknown>>;
  readonly features: readonly string[];
  readonly seed: number;
  readonly split: {
    readonly holdout: number;
    readonly trainRows: number;
    readonly testRows: number;
    readonly stratified: boolean;
  };
  readonly trainingMs: number;
  /** Headline metrics on the held-out rows, snake_case as the server's run filters name them. */
  readonly metrics: Readonly<Record<string, number>>;
  /** The engine's full evaluation report (curves, confusion matrix, importance, SHAP). */
  readonly evaluation: EvaluationReport;
  readonly automl: AutoMlSummary | null;
  /** Absolute paths of the files written, null when not asked for. */
  readonly outputs: { readonly model: string | null; readonly onnx: string | null };
}

const TOP_FEATURES = 10;

/** The human-readable result: metrics, per-class scores and the most important features. */
export function formatTrainResult(result: TrainResult): string {
  const { split, evaluation } = result;
  const sections = [
    `Held-out evaluation: ${split.testRows} of ${split.trainRows + split.testRows} rows` +
      `${split.stratified ? ' (stratified)' : ''}, ${result.algorithm} ${result.task}`,
    formatTable(
      ['metric', 'value'],
      Object.entries(result.metrics).map(([name, value]) => [name, formatNumber(value)]),
      [false, true],
    ),
  ];
  const c = evaluation.classification;
  if (c) {
    const s = c.scores.perClass;
    sections.push(
      formatTable(
        ['class', 'precision', 'recall', 'f1', 'support'],
        c.labels.map((label, i) => [
          label,
          formatNumber(s.precision[i]),
          formatNumber(s.recall[i]),
          formatNumber(s.f1[i]),
          String(s.support[i] ?? 0),
        ]),
        [false, true, true, true, true],
      ),
    );
  }
  sections.push(formatImportance(evaluation.featureImportance));
  if (result.automl) sections.push(formatLeaderboard(result.automl));
  return `${sections.join('\n\n')}\n`;
}

function formatImportance(report: EvaluationReport['featureImportance']): string {
  if (report.method === 'tree') {
    return formatTable(
      ['feature', 'gain share', 'splits'],
      report.features
        .slice(0, TOP_FEATURES)
        .map((f) => [f.column, formatNumber(f.gainShare), String(f.splits)]),
      [false, true, true],
    );
  }
  return formatTable(
    ['feature', `${report.scoring} drop`, 'std'],
    report.features
      .slice(0, TOP_FEATURES)
      .map((f) => [f.column, formatNumber(f.mean), formatNumber(f.std)]),
    [false, true, true],
  );
}

function formatLeaderboard(automl: AutoMlSummary): string {
  return formatTable(
    ['rank', 'algorithm', 'status', automl.metric, 'time'],
    automl.trials
      .slice(0, TOP_FEATURES)
      .map((t) => [
        String(t.rank),
        t.algorithm,
        t.status,
        formatNumber(t.score),
        `${(t.durationMs / 1000).toFixed(1)}s`,
      ]),
    [true, false, false, true, true],
  );
}
