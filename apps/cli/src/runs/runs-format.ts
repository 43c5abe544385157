import { formatNumber, formatTable } from '../text-table.js';

/** The fields of a run the tables show (the SDK's run type has these and more). */
export interface RunFields {
  readonly id: string;
  readonly name: string;
  readonly status: string;
  readonly algorithm: string;
  readonly target: string;
  readonly task: string | null;
  readonly datasetVersionId: string;
  readonly experimentId: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly metrics: Readonly<Record<string, number>>;
  readonly progress: { readonly iteration: number; readonly total: number | null } | null;
  readonly error: string | null;
  readonly createdAt: string;
  readonly durationMs: number | null;
}

// The first of these a run has is its headline in a list: accuracy for classes, r2 for numbers.
const HEADLINE = ['accuracy', 'r2', 'rmse'];

/** One line per run: id, name, status, algorithm, target, headline metric, when. */
export function formatRunList(runs: readonly RunFields[]): string {
  if (runs.length === 0) return 'No runs.\n';
  const rows = runs.map((run) => {
    const metric = HEADLINE.find((name) => run.metrics[name] !== undefined);
    return [
      run.id,
      run.name,
      statusOf(run),
      run.algorithm,
      run.target,
      metric ? `${metric} ${formatNumber(run.metrics[metric])}` : '-',
      run.createdAt.slice(0, 16).replace('T', ' '),
    ];
  });
  return `${formatTable(['id', 'name', 'status', 'algorithm', 'target', 'metric', 'created'], rows)}\n`;
}

/** A run's fields, then its held-out metrics. */
export function formatRun(run: RunFields): string {
  const fields: [string, string][] = [
    ['id', run.id],
    ['name', run.name],
    ['status', statusOf(run)],
    ['algorithm', run.algorithm],
    ['task', run.task ?? '-'],
    ['target', run.target],
    ['dataset version', run.datasetVersionId],
    ['experiment', run.experimentId],
    ['params', JSON.stringify(run.params)],
    ['created', run.createdAt],
    ['duration', run.durationMs === null ? '-' : `${(run.durationMs / 1000).toFixed(1)}s`],
  ];
  if (run.error) fields.push(['error', run.error]);
  const sections = [formatTable(['field', 'value'], fields)];
  const metrics = Object.entries(run.metrics);
  if (metrics.length > 0) {
    sections.push(
      formatTable(
        ['metric', 'value'],
        metrics.map(([name, value]) => [name, formatNumber(value)]),
        [false, true],
      ),
    );
  }
  return `${sections.join('\n\n')}\n`;
}

function statusOf(run: RunFields): string {
  const p = run.progress;
  if (run.status !== 'running' || !p) return run.status;
  return `running ${p.iteration}${p.total ? `/${p.total}` : ''}`;
}
