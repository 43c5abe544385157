import { useState, type FormEvent } from 'react';
import { fieldErrors } from '../../api/problems';
import { useCreateExperiment } from '../../api/runs';
import { FormField } from '../../components/FormField';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Button } from '../../components/ui/Button';
import { Dialog } from '../../components/ui/Dialog';
import { Input } from '../../components/ui/Input';

interface CreateExperimentDialogProps {
  projectId: string;
  open: boolean;
  onClose: () => void;
  /** Called with the new experiment's id, e.g. to show its runs. */
  onCreated: (experimentId: string) => void;
}

export function CreateExperimentDialog({
  projectId,
  open,
  onClose,
  onCreated,
}: CreateExperimentDialogProps) {
  const [name, setName] = useState('');
  const create = useCreateExperiment(projectId);
  const errors = fieldErrors(create.error);
  const close = () => {
    setName('');
    create.reset();
    onClose();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { name },
      {
        onSuccess: (experiment) => {
          close();
          onCreated(experiment.id);
        },
      },
    );
  };
  return (
    <Dialog
      open={open}
      onClose={close}
      title="New experiment"
      description="Experiments group the runs of one question."
    >
      <form onSubmit={submit} className="flex flex-col gap-4">
        <FormField label="Experiment name" error={errors.name}>
          {(control) => (
            <Input
              {...control}
              required
              autoFocus
              maxLength={100}
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
          )}
        </FormField>
        {Object.keys(errors).length === 0 && <ProblemAlert error={create.error} />}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={close}>
            Cancel
          </Button>
          <Button type="submit" disabled={create.isPending || !name.trim()}>
            {create.isPending ? 'Creating…' : 'Create experiment'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
