import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useAttestation, useLicenses } from '../../api/datasets';
import { allItems } from '../../api/pagination';
import { fieldErrors } from '../../api/problems';
import { useProjects } from '../../api/projects';
import { useSession } from '../../api/session';
import { FormField } from '../../components/FormField';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Alert } from '../../components/ui/Alert';
import { Button } from '../../components/ui/Button';
import { Checkbox } from '../../components/ui/Checkbox';
import { Dialog } from '../../components/ui/Dialog';
import { Input } from '../../components/ui/Input';
import { Select } from '../../components/ui/Select';
import { saveToProject, type SaveStep, type SaveToProjectRequest } from './save-to-project';

/** Everything of the finished training that the dialog does not ask the user for. */
export type TrainedRun = Omit<
  SaveToProjectRequest,
  'projectId' | 'license' | 'attestation' | 'file' | 'runName' | 'modelName'
>;

interface SaveToProjectDialogProps {
  open: boolean;
  onClose: () => void;
  trained: TrainedRun;
  /** The data as a file: fetched (bundled) or the one the user chose. */
  dataFile: () => Promise<File>;
  defaultName: string;
  /** The training data's SPDX licence when known (a bundled dataset). */
  defaultLicense: string | null;
}

const STEP_LABELS: Record<SaveStep, string> = {
  data: 'Uploading the data…',
  ingest: 'Waiting for the data to be ingested…',
  run: 'Checking and evaluating the model on the data…',
  model: 'Registering the model…',
};

/**
 * Saves the browser-trained run to one of the signed-in user's projects: the data as a dataset
 * version, the run on it, and optionally the model in the registry. Nothing here talks to the
 * server until the dialog opens, so the playground itself stays offline.
 */
export function SaveToProjectDialog(props: SaveToProjectDialogProps) {
  const { open, onClose } = props;
  const session = useSession();
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Save to a project"
      description="Uploads the data as a dataset version, records this training as a run on it, and registers the model."
    >
      {session.isPending ? (
        <p className="text-sm text-zinc-500">Checking your session…</p>
      ) : !session.data ? (
        <Alert title="Sign in to save">
          Runs are kept in projects.{' '}
          <Link to="/login?next=%2Fplayground" className="font-medium underline">
            Sign in
          </Link>{' '}
          and train again to save it.
        </Alert>
      ) : (
        <SaveForm {...props} orgId={session.data.personalOrgId} />
      )}
    </Dialog>
  );
}

function SaveForm({
  orgId,
  onClose,
  trained,
  dataFile,
  defaultName,
  defaultLicense,
}: SaveToProjectDialogProps & { orgId: string }) {
  const projects = useProjects(orgId);
  const licenses = useLicenses();
  const attestation = useAttestation();
  const [form, setForm] = useState({
    projectId: '',
    runName: defaultName,
    register: true,
    modelName: defaultName,
    license: defaultLicense ?? '',
    attested: false,
  });
  const [step, setStep] = useState<SaveStep | null>(null);
  const save = useMutation({
    mutationFn: async (request: Omit<SaveToProjectRequest, 'file'>) =>
      saveToProject({ ...request, file: await dataFile() }, setStep),
  });
  const errors = fieldErrors(save.error);
  const projectList = allItems(projects.data);
  const projectId = form.projectId || projectList[0]?.id || '';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!attestation.data) return;
    save.mutate({
      ...trained,
      projectId,
      license: form.license,
      attestation: attestation.data.version,
      runName: form.runName.trim(),
      modelName: form.register ? form.modelName.trim() : null,
    });
  };

  if (save.isSuccess) {
    const { run, version, reusedData, modelVersion } = save.data;
    return (
      <div className="flex flex-col gap-4">
        <Alert variant="success" title="Saved">
          Run {run.name} is in the project, on version {version.number} of its dataset
          {reusedData ? ' (already in the project: not uploaded again)' : ''}.
          {modelVersion && ` ${form.modelName} version ${modelVersion.version} is in the registry.`}
        </Alert>
        <div className="flex justify-end gap-2">
          <Link to={`/runs/${run.id}`} className="text-sm font-medium underline">
            Open the run
          </Link>
          <Button variant="secondary" onClick={onClose}>
            Close
          </Button>
        </div>
      </div>
    );
  }
  const busy = save.isPending;
  return (
    <form onSubmit={submit} className="flex flex-col gap-4">
      <FormField label="Project" hint="Projects of your personal organization.">
        {(field) => (
          <Select
            {...field}
            value={projectId}
            disabled={busy}
            onChange={(e) => setForm({ ...form, projectId: e.target.value })}
          >
            {projectList.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </Select>
        )}
      </FormField>
      <FormField label="Run name" error={errors.name}>
        {(field) => (
          <Input
            {...field}
            required
            maxLength={100}
            disabled={busy}
            value={form.runName}
            onChange={(e) => setForm({ ...form, runName: e.target.value })}
          />
        )}
      </FormField>
      <label className="flex items-center gap-2 text-sm">
        <Checkbox
          checked={form.register}
          disabled={busy}
          onChange={(e) => setForm({ ...form, register: e.target.checked })}
        />
        Also register the model
      </label>
      {form.register && (
        <FormField label="Model name">
          {(field) => (
            <Input
              {...field}
              required
              maxLength={100}
              disabled={busy}
              value={form.modelName}
              onChange={(e) => setForm({ ...form, modelName: e.target.value })}
            />
          )}
        </FormField>
      )}
      <FormField
        label="Training data licence"
        error={errors.license}
        hint="The licence of the data the model learned from; uploads and the registry check what it allows."
      >
        {(field) => (
          <Select
            {...field}
            required
            disabled={busy}
            value={form.license}
            onChange={(e) => setForm({ ...form, license: e.target.value })}
          >
            <option value="">Choose…</option>
            {licenses.data?.map((l) => (
              <option key={l.id} value={l.id}>
                {l.name}
              </option>
            ))}
          </Select>
        )}
      </FormField>
      {attestation.data && (
        <label className="flex items-start gap-2.5 rounded-md border border-zinc-200 bg-zinc-50 p-3 text-sm">
          <Checkbox
            className="mt-0.5"
            required
            disabled={busy}
            checked={form.attested}
            onChange={(e) => setForm({ ...form, attested: e.target.checked })}
          />
          <span className="text-zinc-700">{attestation.data.text}</span>
        </label>
      )}
      {busy && step && (
        <p role="status" className="text-sm text-zinc-600">
          {STEP_LABELS[step]}
        </p>
      )}
      {save.isError && <ProblemAlert error={save.error} />}
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onClose}>
          Cancel
        </Button>
        <Button
          type="submit"
          disabled={
            busy ||
            !projectId ||
            !form.license ||
            !form.attested ||
            !form.runName.trim() ||
            (form.register && !form.modelName.trim())
          }
        >
          {busy ? 'Saving…' : 'Save to project'}
        </Button>
      </div>
    </form>
  );
}
