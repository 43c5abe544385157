import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { fieldErrors } from '../../api/problems';
import { useCreateProject } from '../../api/projects';
import { FormField } from '../../components/FormField';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Button } from '../../components/ui/Button';
import { Dialog } from '../../components/ui/Dialog';
import { Input, Textarea } from '../../components/ui/Input';

export function CreateProjectDialog({
  orgId,
  open,
  onClose,
}: {
  orgId: string;
  open: boolean;
  onClose: () => void;
}) {
  const [form, setForm] = useState({ name: '', description: '' });
  const create = useCreateProject(orgId);
  const navigate = useNavigate();
  const errors = fieldErrors(create.error);

  const close = () => {
    setForm({ name: '', description: '' });
    create.reset();
    onClose();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(form, {
      onSuccess: (project) => {
        close();
        void navigate(`/projects/${project.id}`);
      },
    });
  };

  return (
    <Dialog
      open={open}
      onClose={close}
      title="Create project"
      description="Projects hold datasets, runs, models and deployments."
    >
      <form onSubmit={submit} className="flex flex-col gap-4">
        <FormField label="Project name" error={errors.name}>
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
        <FormField label="Description" error={errors.description} hint="Optional.">
          {(control) => (
            <Textarea
              {...control}
              maxLength={2000}
              value={form.description}
              onChange={(e) => setForm({ ...form, description: e.target.value })}
            />
          )}
        </FormField>
        {Object.keys(errors).length === 0 && <ProblemAlert error={create.error} />}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={close}>
            Cancel
          </Button>
          <Button type="submit" disabled={create.isPending || !form.name.trim()}>
            {create.isPending ? 'Creating…' : 'Create project'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
