import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useLicenses } from '../../api/datasets';
import { allItems } from '../../api/pagination';
import { fieldErrors } from '../../api/problems';
import { useProjects } from '../../api/projects';
import { useSession } from '../../api/session';
import { FormField } from '../../components/FormField';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Alert } from '../../components/ui/Alert';
import { Button } from '../../components/ui/Button';
import { Dialog } from '../../components/ui/Dialog';
import { Input } from '../../components/ui/Input';
import { Select } from '../../components/ui/Select';
import { saveModelToProject, type SaveModelRequest } from './save-model';

interface SaveModelDialogProps {
  open: boolean;
  onClose: () => void;
  onnx: Uint8Array;
  defaultName: string;
  /** The training data's SPDX licence when known (a bundled dataset). */
  defaultLicense: string | null;
  description: string;
  tags: Readonly<Record<string, string>>;
}

/**
 * Registers the browser-trained model (as ONNX) in one of the signed-in user's projects. Nothing
 * here talks to the server until the dialog opens, so the playground itself stays offline.
 */
export function SaveModelDialog(props: SaveModelDialogProps) {
  const { open, onClose } = props;
  const session = useSession();
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Save to a project"
      description="Registers this model as the first version of a new model in the project's registry."
    >
      {session.isPending ? (
        <p className="text-sm text-zinc-500">Checking your session…</p>
      ) : !session.data ? (
        <Alert title="Sign in to save">
          Models are kept in projects.{' '}
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
  onnx,
  defaultName,
  defaultLicense,
  description,
  tags,
}: SaveModelDialogProps & { orgId: string }) {
  const projects = useProjects(orgId);
  const licenses = useLicenses();
  const [form, setForm] = useState({
    projectId: '',
    name: defaultName,
    license: defaultLicense ?? '',
  });
  const save = useMutation({
    mutationFn: (request: SaveModelRequest) => saveModelToProject(request),
  });
  const errors = fieldErrors(save.error);
  const projectList = allItems(projects.data);
  const projectId = form.projectId || projectList[0]?.id || '';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({
      projectId,
      name: form.name.trim(),
      license: form.license,
      onnx,
      description,
      tags,
    });
  };

  if (save.isSuccess) {
    return (
      <div className="flex flex-col gap-4">
        <Alert variant="success" title="Saved">
          {form.name} version {save.data.version} is in the project&apos;s model registry.
        </Alert>
        <div className="flex justify-end gap-2">
          <Link to={`/projects/${projectId}`} className="text-sm font-medium underline">
            Open the project
          </Link>
          <Button variant="secondary" onClick={onClose}>
            Close
          </Button>
        </div>
      </div>
    );
  }
  return (
    <form onSubmit={submit} className="flex flex-col gap-4">
      <FormField label="Project" hint="Projects of your personal organization.">
        {(field) => (
          <Select
            {...field}
            value={projectId}
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
      <FormField label="Model name" error={errors.name}>
        {(field) => (
          <Input
            {...field}
            required
            maxLength={100}
            value={form.name}
            onChange={(e) => setForm({ ...form, name: e.target.value })}
          />
        )}
      </FormField>
      <FormField
        label="Training data licence"
        error={errors.license}
        hint="The licence of the data the model learned from; the registry checks what it allows."
      >
        {(field) => (
          <Select
            {...field}
            required
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
      {Object.keys(errors).length === 0 && <ProblemAlert error={save.error} />}
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onClose}>
          Cancel
        </Button>
        <Button
          type="submit"
          disabled={save.isPending || !projectId || !form.license || !form.name.trim()}
        >
          {save.isPending ? 'Saving…' : 'Save model'}
        </Button>
      </div>
    </form>
  );
}
