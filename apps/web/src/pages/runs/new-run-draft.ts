import type {
  Algorithm,
  CreateRunBody,
  CreateSweepBody,
  SweepAlgorithm,
  Task,
} from '@aistudio/contracts';
import { controlsFor, paramsFromForm, type ParamValues } from '../playground/algorithm-controls';
import type { TrainableColumn } from './trainable-columns';

/** What the new-training form holds; numbers stay text until the form is checked. */
export interface Draft {
  target: string;
  features: string[];
  task: Task | 'auto';
  algorithm: Algorithm;
  params: ParamValues;
  testFraction: string;
  seed: string;
  experimentId: string;
  name: string;
  fairnessColumn: string;
  /** One training run, or a hyperparameter sweep whose trials are runs. */
  kind: 'train' | 'sweep';
  sweep: SweepDraft;
}

/** The search settings of a sweep (numbers as typed). */
export interface SweepDraft {
  algorithm: SweepAlgorithm;
  sampler: 'tpe' | 'random';
  trials: string;
  parallelism: string;
  /** Empty: no time budget. */
  timeBudgetSeconds: string;
}

type Checked<T> = { ok: true; body: T } | { ok: false; problems: Record<string, string> };

/**
 * The sweep body of the draft: the data and bookkeeping of a run, the search settings, and the
 * server's default search space for the algorithm.
 */
export function checkSweepDraft(form: Draft, datasetVersionId: string): Checked<CreateSweepBody> {
  const problems: Record<string, string> = {};
  const trials = Number(form.sweep.trials);
  if (!Number.isInteger(trials) || trials < 1 || trials > 200) {
    problems.trials = 'must be a whole number from 1 to 200';
  }
  const parallelism = Number(form.sweep.parallelism);
  if (!Number.isInteger(parallelism) || parallelism < 1 || parallelism > 16) {
    problems.parallelism = 'must be a whole number from 1 to 16';
  }
  const budget = form.sweep.timeBudgetSeconds.trim();
  if (budget !== '' && !(Number(budget) >= 1 && Number(budget) <= 7 * 24 * 3600)) {
    problems.timeBudgetSeconds = 'must be from 1 second to 7 days';
  }
  if (form.features.length === 0) problems.features = 'Choose at least one feature column';
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  return {
    ok: true,
    body: {
      datasetVersionId,
      target: form.target,
      features: form.features,
      ...(form.task === 'auto' ? {} : { task: form.task }),
      algorithm: form.sweep.algorithm,
      sampler: form.sweep.sampler,
      trials,
      parallelism,
      ...(budget === '' ? {} : { timeBudgetSeconds: Number(budget) }),
      testFraction: Number(form.testFraction),
      seed: Number(form.seed),
      ...(form.experimentId ? { experimentId: form.experimentId } : {}),
      ...(form.name.trim() ? { name: form.name.trim() } : {}),
    },
  };
}

/** The API body of the draft, or the problems found before asking the server. */
export function checkDraft(
  form: Draft,
  datasetVersionId: string,
): { ok: true; body: CreateRunBody } | { ok: false; problems: Record<string, string> } {
  const task = form.task === 'auto' ? null : form.task;
  const { params, problems: paramProblems } = paramsFromForm(
    controlsFor(form.algorithm, task),
    form.params,
  );
  const problems: Record<string, string> = {};
  for (const p of paramProblems) problems[p.name] = p.message;
  if (form.features.length === 0) problems.features = 'Choose at least one feature column';
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  return {
    ok: true,
    body: {
      datasetVersionId,
      target: form.target,
      features: form.features,
      ...(task ? { task } : {}),
      algorithm: form.algorithm,
      params,
      testFraction: Number(form.testFraction),
      seed: Number(form.seed),
      ...(form.experimentId ? { experimentId: form.experimentId } : {}),
      ...(form.name.trim() ? { name: form.name.trim() } : {}),
      ...(form.fairnessColumn ? { fairnessColumn: form.fairnessColumn } : {}),
    },
  };
}

export function initialDraft(columns: readonly TrainableColumn[]): Draft {
  const target =
    columns.find((c) => c.role === 'target')?.name ?? columns[columns.length - 1]?.name ?? '';
  return {
    target,
    features: columns.filter((c) => c.name !== target && c.role === 'feature').map((c) => c.name),
    task: 'auto',
    algorithm: 'gbdt',
    params: {},
    testFraction: '0.2',
    seed: '0',
    experimentId: '',
    name: '',
    fairnessColumn: '',
    kind: 'train',
    sweep: {
      algorithm: 'gbdt',
      sampler: 'tpe',
      trials: '20',
      parallelism: '2',
      timeBudgetSeconds: '',
    },
  };
}
