import type { RegisteredModel } from '@aistudio/contracts';
import { useState, type FormEvent } from 'react';
import { useCreateModel } from '../../api/models';
import { fieldErrors } from '../../api/problems';
import { FormField } from '../../components/FormField';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Button } from '../../components/ui/Button';
import { Dialog } from '../../components/ui/Dialog';
import { Input, Textarea } from '../../components/ui/Input';

interface CreateModelDialogProps {
  projectId: string;
  open: boolean;
  onClose: () => void;
  onCreated: (model: RegisteredModel) => void;
}

export function CreateModelDialog({ projectId, open, onClose, onCreated }: CreateModelDialogProps) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const create = useCreateModel(projectId);
  const errors = fieldErrors(create.error);
  const close = () => {
    setName('');
    setDescription('');
    create.reset();
    onClose();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { name, description },
      {
        onSuccess: (model) => {
          close();
          onCreated(model);
        },
      },
    );
  };
  return (
    <Dialog
      open={open}
      onClose={close}
      title="New model"
      description="A named line of versions; register runs or ONNX files as its versions."
    >
      <form onSubmit={submit} className="flex flex-col gap-4">
        <FormField label="Model name" error={errors.name}>
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
        <FormField label="Description" error={errors.description}>
          {(control) => (
            <Textarea
              {...control}
              maxLength={5000}
              value={description}
              onChange={(e) => setDescription(e.target.value)}
            />
          )}
        </FormField>
        {Object.keys(errors).length === 0 && <ProblemAlert error={create.error} />}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={close}>
            Cancel
          </Button>
          <Button type="submit" disabled={create.isPending || !name.trim()}>
            {create.isPending ? 'Creating…' : 'Create model'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
