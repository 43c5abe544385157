import type { ModelVersion, RegisteredModel } from '@aistudio/contracts';
import { useState, type FormEvent } from 'react';
import { useModels, useRegisterRun, type RegisterTarget } from '../../api/models';
import { allItems } from '../../api/pagination';
import { fieldErrors } from '../../api/problems';
import { useRuns } from '../../api/runs';
import { FormField } from '../../components/FormField';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Button } from '../../components/ui/Button';
import { Dialog } from '../../components/ui/Dialog';
import { Input } from '../../components/ui/Input';
import { Select } from '../../components/ui/Select';
import { formatStat } from '../../format/numbers';
import { headlineMetric } from '../runs/run-summary';

const NEW_MODEL = '__new__';

interface RegisterRunDialogProps {
  projectId: string;
  open: boolean;
  onClose: () => void;
  onRegistered: (version: ModelVersion) => void;
  /** From a run's page: the run is given, the model is picked (or named anew). */
  run?: { id: string; name: string };
  /** From a model's page: the model is given, a succeeded run is picked. */
  model?: RegisteredModel;
}

/** Registers a succeeded run as a model's next version. */
export function RegisterRunDialog(props: RegisterRunDialogProps) {
  const { projectId, open, onClose, onRegistered, run, model } = props;
  const [modelChoice, setModelChoice] = useState<string | null>(null);
  const [newName, setNewName] = useState(run?.name ?? '');
  const [runChoice, setRunChoice] = useState<string | null>(null);
  const models = useModels(projectId, '');
  const runs = useRuns(projectId, undefined, "attributes.status = 'succeeded'");
  const register = useRegisterRun(projectId);
  const errors = fieldErrors(register.error);

  const modelItems = allItems(models.data);
  const runItems = allItems(runs.data);
  const chosenModel = model?.id ?? modelChoice ?? modelItems[0]?.id ?? NEW_MODEL;
  const chosenRun = run?.id ?? runChoice ?? runItems[0]?.id ?? '';
  const target: RegisterTarget =
    chosenModel === NEW_MODEL ? { newModelName: newName.trim() } : { modelId: chosenModel };

  const close = () => {
    register.reset();
    onClose();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    register.mutate(
      { target, runId: chosenRun },
      {
        onSuccess: (version) => {
          close();
          onRegistered(version);
        },
      },
    );
  };
  const ready = chosenRun !== '' && ('modelId' in target || target.newModelName !== '');

  return (
    <Dialog
      open={open}
      onClose={close}
      title="Register a model version"
      description="The run's model, metrics, input schema and data licence become the next version; its files are copied, so the version outlives the run."
    >
      <form onSubmit={submit} className="flex flex-col gap-4">
        {model ? (
          <p className="text-sm">
            Model: <span className="font-medium">{model.name}</span>
          </p>
        ) : (
          <>
            <FormField label="Model">
              {(control) => (
                <Select
                  {...control}
                  value={chosenModel}
                  onChange={(e) => setModelChoice(e.target.value)}
                >
                  {modelItems.map((m) => (
                    <option key={m.id} value={m.id}>
                      {m.name}
                      {m.latestVersion !== null ? ` (v${m.latestVersion})` : ''}
                    </option>
                  ))}
                  <option value={NEW_MODEL}>New model…</option>
                </Select>
              )}
            </FormField>
            {chosenModel === NEW_MODEL && (
              <FormField label="New model name" error={errors.name}>
                {(control) => (
                  <Input
                    {...control}
                    required
                    maxLength={100}
                    value={newName}
                    onChange={(e) => setNewName(e.target.value)}
                  />
                )}
              </FormField>
            )}
          </>
        )}
        {run ? (
          <p className="text-sm">
            Run: <span className="font-medium">{run.name}</span>
          </p>
        ) : (
          <FormField
            label="Training run"
            error={errors.runId}
            hint={runs.isSuccess && runItems.length === 0 ? 'No succeeded run yet.' : undefined}
          >
            {(control) => (
              <Select {...control} value={chosenRun} onChange={(e) => setRunChoice(e.target.value)}>
                {runItems.map((r) => {
                  const metric = headlineMetric(r);
                  return (
                    <option key={r.id} value={r.id}>
                      {r.name} · {r.algorithm}
                      {metric ? ` · ${metric.name} ${formatStat(metric.value)}` : ''}
                    </option>
                  );
                })}
              </Select>
            )}
          </FormField>
        )}
        {!errors.name && !errors.runId && <ProblemAlert error={register.error} />}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={close}>
            Cancel
          </Button>
          <Button type="submit" disabled={register.isPending || !ready}>
            {register.isPending ? 'Registering…' : 'Register version'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
