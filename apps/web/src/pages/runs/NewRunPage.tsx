import type { Algorithm, Dataset } from '@aistudio/contracts';
import { ArrowLeft, Play } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { useDatasets } from '../../api/datasets';
import { allItems } from '../../api/pagination';
import { fieldErrors, problemDetail } from '../../api/problems';
import { useProject } from '../../api/projects';
import { useCreateRun, useCreateSweep, useExperiments, useRunEstimate } from '../../api/runs';
import { FormField } from '../../components/FormField';
import { PageHeader } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { AppShell } from '../../components/shell/AppShell';
import { Button } from '../../components/ui/Button';
import {
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
} from '../../components/ui/Card';
import { Input } from '../../components/ui/Input';
import { Select } from '../../components/ui/Select';
import { formatCount, formatStat } from '../../format/numbers';
import { ALGORITHMS, algorithmChoice, controlsFor } from '../playground/algorithm-controls';
import { ParamControlsFields } from '../playground/ParamControlsFields';
import { checkDraft, checkSweepDraft, initialDraft, type Draft } from './new-run-draft';
import { SweepSettingsCard } from './SweepSettingsCard';
import { TargetCard } from './TargetCard';
import { trainableColumns } from './trainable-columns';

/** /projects/:projectId/runs/new — the new-training wizard: data, target, model, validation. */
export function NewRunPage() {
  const { projectId } = useParams() as { projectId: string };
  const [search] = useSearchParams();
  const project = useProject(projectId);
  const datasets = useDatasets(projectId);
  const experiments = useExperiments(projectId);
  const [datasetId, setDatasetId] = useState(search.get('dataset') ?? '');
  const [draft, setDraft] = useState<Draft | null>(null);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const create = useCreateRun(projectId);
  const createSweep = useCreateSweep(projectId);
  const navigate = useNavigate();

  const ready = allItems(datasets.data).filter((d) => d.latestVersion?.status === 'ready');
  const dataset = ready.find((d) => d.id === datasetId) ?? null;
  const columns = dataset ? trainableColumns(dataset.latestVersion!) : [];
  const form = draft ?? (dataset ? initialDraft(columns) : null);
  const set = (patch: Partial<Draft>) => form && setDraft({ ...form, ...patch });

  const chooseDataset = (id: string) => {
    setDatasetId(id);
    setDraft(null);
    setProblems({});
  };

  const sweeping = form?.kind === 'sweep';
  const versionId = dataset?.latestVersion?.id ?? '';
  const checked = form && !sweeping ? checkDraft(form, versionId) : null;
  const estimate = useRunEstimate(projectId, checked?.ok ? checked.body : null);
  const starting = sweeping ? createSweep : create;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!form || !dataset) return;
    const onSuccess = (run: { id: string }) => void navigate(`/runs/${run.id}`);
    if (sweeping) {
      const sweep = checkSweepDraft(form, versionId);
      setProblems(sweep.ok ? {} : sweep.problems);
      if (sweep.ok) createSweep.mutate(sweep.body, { onSuccess });
      return;
    }
    const run = checkDraft(form, versionId);
    setProblems(run.ok ? {} : run.problems);
    if (run.ok) create.mutate(run.body, { onSuccess });
  };

  const serverErrors = Object.fromEntries(
    Object.entries(fieldErrors(starting.error)).map(([k, v]) => [k.replace(/^params\./, ''), v]),
  );
  const errors = { ...serverErrors, ...problems };

  return (
    <AppShell orgId={project.data?.orgId}>
      <Link
        to={`/projects/${projectId}/runs`}
        className="mb-3 inline-flex items-center gap-1 text-sm text-zinc-500 hover:text-zinc-900"
      >
        <ArrowLeft aria-hidden className="size-4" /> Training runs
      </Link>
      <PageHeader
        title="New training"
        description="Pick a dataset version and a target; the run trains as a job on the server."
      />
      <form onSubmit={submit} className="flex flex-col gap-6" aria-label="New training">
        <Card>
          <CardHeader>
            <CardTitle>1. Data</CardTitle>
            <CardDescription>
              The latest ready version of a dataset of this project.
            </CardDescription>
          </CardHeader>
          <CardContent>
            <FormField
              label="Dataset"
              hint={
                dataset
                  ? `Version ${dataset.latestVersion!.number}: ${formatCount(dataset.latestVersion!.rowCount)} rows, ${formatCount(dataset.latestVersion!.columnCount)} columns.`
                  : 'Only versions that are ready (ingested and approved) can be trained on.'
              }
            >
              {(field) => (
                <Select
                  {...field}
                  value={datasetId}
                  onChange={(e) => chooseDataset(e.target.value)}
                >
                  <option value="">Choose a dataset…</option>
                  {ready.map((d: Dataset) => (
                    <option key={d.id} value={d.id}>
                      {d.name}
                    </option>
                  ))}
                </Select>
              )}
            </FormField>
          </CardContent>
        </Card>
        {form && (
          <>
            <TargetCard columns={columns} form={form} errors={errors} set={set} />
            <FormField
              label="What to start"
              hint="A sweep runs many trainings with sampled hyperparameters and keeps the best."
            >
              {(field) => (
                <Select
                  {...field}
                  value={form.kind}
                  onChange={(e) => set({ kind: e.target.value as Draft['kind'] })}
                >
                  <option value="train">One training run</option>
                  <option value="sweep">Hyperparameter sweep</option>
                </Select>
              )}
            </FormField>
            {sweeping ? (
              <SweepSettingsCard
                sweep={form.sweep}
                errors={errors}
                onChange={(sweep) => set({ sweep })}
              />
            ) : (
              <Card>
                <CardHeader>
                  <CardTitle>3. Algorithm</CardTitle>
                  <CardDescription>{algorithmChoice(form.algorithm).about}</CardDescription>
                </CardHeader>
                <CardContent className="flex flex-col gap-4">
                  <FormField label="Algorithm">
                    {(field) => (
                      <Select
                        {...field}
                        value={form.algorithm}
                        onChange={(e) =>
                          set({ algorithm: e.target.value as Algorithm, params: {} })
                        }
                      >
                        {ALGORITHMS.map((a) => (
                          <option key={a.id} value={a.id}>
                            {a.label}
                          </option>
                        ))}
                      </Select>
                    )}
                  </FormField>
                  <ParamControlsFields
                    controls={controlsFor(form.algorithm, form.task === 'auto' ? null : form.task)}
                    values={form.params}
                    errors={errors}
                    onChange={(params) => set({ params })}
                  />
                </CardContent>
              </Card>
            )}
            <Card>
              <CardHeader>
                <CardTitle>4. Validation and bookkeeping</CardTitle>
                <CardDescription>
                  The held-out rows are never trained on; the evaluation is computed on them.
                </CardDescription>
              </CardHeader>
              <CardContent className="grid gap-4 sm:grid-cols-2">
                <FormField
                  label="Held-out share"
                  error={errors.testFraction}
                  hint="0.05 to 0.5, stratified by class for classification. Default 0.2."
                >
                  {(field) => (
                    <Input
                      {...field}
                      type="number"
                      min={0.05}
                      max={0.5}
                      step={0.05}
                      value={form.testFraction}
                      onChange={(e) => set({ testFraction: e.target.value })}
                    />
                  )}
                </FormField>
                <FormField label="Seed" error={errors.seed} hint="Same seed, same split and model.">
                  {(field) => (
                    <Input
                      {...field}
                      type="number"
                      min={0}
                      step={1}
                      value={form.seed}
                      onChange={(e) => set({ seed: e.target.value })}
                    />
                  )}
                </FormField>
                <FormField label="Experiment" error={errors.experimentId}>
                  {(field) => (
                    <Select
                      {...field}
                      value={form.experimentId}
                      onChange={(e) => set({ experimentId: e.target.value })}
                    >
                      <option value="">Default</option>
                      {experiments.data
                        ?.filter((x) => x.name !== 'Default')
                        .map((x) => (
                          <option key={x.id} value={x.id}>
                            {x.name}
                          </option>
                        ))}
                    </Select>
                  )}
                </FormField>
                {!sweeping && (
                  <FormField
                    label="Fairness column"
                    error={errors.fairnessColumn}
                    hint="Optional: the evaluation compares the model's metrics across this column's groups."
                  >
                    {(field) => (
                      <Select
                        {...field}
                        value={form.fairnessColumn}
                        onChange={(e) => set({ fairnessColumn: e.target.value })}
                      >
                        <option value="">None</option>
                        {columns
                          .filter((c) => c.name !== form.target)
                          .map((c) => (
                            <option key={c.name} value={c.name}>
                              {c.name}
                            </option>
                          ))}
                      </Select>
                    )}
                  </FormField>
                )}
                <FormField label="Run name" error={errors.name} hint="Default: generated.">
                  {(field) => (
                    <Input
                      {...field}
                      value={form.name}
                      onChange={(e) => set({ name: e.target.value })}
                    />
                  )}
                </FormField>
              </CardContent>
            </Card>
            {starting.isError && (
              <ProblemAlert error={starting.error} title="The run could not be started" />
            )}
            <div className="flex flex-wrap items-center justify-end gap-4">
              {!sweeping && <EstimateText estimate={estimate} />}
              <Button type="submit" disabled={starting.isPending}>
                <Play aria-hidden />{' '}
                {starting.isPending ? 'Starting…' : sweeping ? 'Start sweep' : 'Start training'}
              </Button>
            </div>
          </>
        )}
      </form>
    </AppShell>
  );
}

function EstimateText({ estimate }: { estimate: ReturnType<typeof useRunEstimate> }) {
  if (estimate.isError) {
    return <p className="text-sm text-red-600">{problemDetail(estimate.error)}</p>;
  }
  if (!estimate.data) return null;
  const { seconds, low, high } = estimate.data;
  return (
    <p role="status" aria-label="Estimate" className="text-sm text-zinc-600">
      Estimated compute: about {formatStat(seconds)} s ({formatStat(low)}–{formatStat(high)} s)
    </p>
  );
}
