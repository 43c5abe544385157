import type { ApiKeyScope, CreatedApiKey } from '@aistudio/contracts';
import { useState, type FormEvent } from 'react';
import { useCreateApiKey } from '../../api/api-keys';
import { allItems } from '../../api/pagination';
import { fieldErrors } from '../../api/problems';
import { useProjects } from '../../api/projects';
import { FormField } from '../../components/FormField';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Button } from '../../components/ui/Button';
import { Checkbox } from '../../components/ui/Checkbox';
import { Dialog } from '../../components/ui/Dialog';
import { Input } from '../../components/ui/Input';
import { Select } from '../../components/ui/Select';

const scopes: { value: ApiKeyScope; label: string; hint: string }[] = [
  { value: 'read', label: 'read', hint: 'List and read resources' },
  { value: 'write', label: 'write', hint: 'Change projects and their content' },
  { value: 'predict', label: 'predict', hint: 'Call serving endpoints' },
  { value: 'admin', label: 'admin', hint: 'Manage members, keys and the audit log' },
];

const expiryOptions = [
  { days: 0, label: 'Never' },
  { days: 7, label: '7 days' },
  { days: 30, label: '30 days' },
  { days: 90, label: '90 days' },
  { days: 365, label: '1 year' },
];

const initialForm = {
  name: '',
  scopes: ['read'] as ApiKeyScope[],
  projectId: '',
  expiresInDays: 90,
};

interface Props {
  orgId: string;
  open: boolean;
  onClose: () => void;
  onCreated: (key: CreatedApiKey) => void;
}

export function CreateApiKeyDialog({ orgId, open, onClose, onCreated }: Props) {
  const [form, setForm] = useState(initialForm);
  const create = useCreateApiKey(orgId);
  const projects = useProjects(orgId);
  const errors = fieldErrors(create.error);

  const close = () => {
    setForm(initialForm);
    create.reset();
    onClose();
  };

  const toggleScope = (scope: ApiKeyScope, on: boolean) =>
    setForm({
      ...form,
      scopes: on ? [...form.scopes, scope] : form.scopes.filter((s) => s !== scope),
    });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const expiresAt = form.expiresInDays
      ? new Date(Date.now() + form.expiresInDays * 86_400_000).toISOString()
      : undefined;
    create.mutate(
      {
        name: form.name,
        scopes: form.scopes,
        ...(form.projectId ? { projectId: form.projectId } : {}),
        ...(expiresAt ? { expiresAt } : {}),
      },
      {
        onSuccess: (key) => {
          setForm(initialForm);
          create.reset();
          onCreated(key);
        },
      },
    );
  };

  return (
    <Dialog
      open={open}
      onClose={close}
      title="Create API key"
      description="Keys authenticate scripts, the CLI and the SDK."
    >
      <form onSubmit={submit} className="flex flex-col gap-4">
        <FormField label="Key name" error={errors.name} hint="What uses it, e.g. “CI pipeline”.">
          {(control) => (
            <Input
              {...control}
              required
              autoFocus
              maxLength={100}
              value={form.name}
              onChange={(e) => setForm({ ...form, name: e.target.value })}
            />
          )}
        </FormField>
        <fieldset
          className="flex flex-col gap-2"
          aria-describedby={errors.scopes ? 'scopes-error' : undefined}
        >
          <legend className="mb-1.5 text-sm font-medium text-zinc-800">Scopes</legend>
          {scopes.map((scope) => (
            <label key={scope.value} className="flex items-start gap-2.5 text-sm">
              <Checkbox
                className="mt-0.5"
                checked={form.scopes.includes(scope.value)}
                onChange={(e) => toggleScope(scope.value, e.target.checked)}
              />
              <span>
                <span className="font-mono font-medium">{scope.label}</span>
                <span className="text-zinc-500"> — {scope.hint}</span>
              </span>
            </label>
          ))}
          {errors.scopes && (
            <p id="scopes-error" className="text-xs font-medium text-red-600">
              {errors.scopes}
            </p>
          )}
        </fieldset>
        <div className="grid grid-cols-2 gap-3">
          <FormField label="Project" error={errors.projectId} hint="Limit the key to one project.">
            {(control) => (
              <Select
                {...control}
                value={form.projectId}
                onChange={(e) => setForm({ ...form, projectId: e.target.value })}
              >
                <option value="">All projects</option>
                {allItems(projects.data).map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </Select>
            )}
          </FormField>
          <FormField label="Expires" error={errors.expiresAt}>
            {(control) => (
              <Select
                {...control}
                value={form.expiresInDays}
                onChange={(e) => setForm({ ...form, expiresInDays: Number(e.target.value) })}
              >
                {expiryOptions.map((o) => (
                  <option key={o.days} value={o.days}>
                    {o.label}
                  </option>
                ))}
              </Select>
            )}
          </FormField>
        </div>
        {Object.keys(errors).length === 0 && <ProblemAlert error={create.error} />}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={close}>
            Cancel
          </Button>
          <Button
            type="submit"
            disabled={create.isPending || !form.name.trim() || form.scopes.length === 0}
          >
            {create.isPending ? 'Creating…' : 'Create key'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
