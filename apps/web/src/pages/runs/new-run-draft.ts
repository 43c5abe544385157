import type { CreateRunBody, Task, Algorithm } from '@aistudio/contracts';
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
  };
}
