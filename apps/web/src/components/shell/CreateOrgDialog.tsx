import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { useCreateOrg } from '../../api/orgs';
import { fieldErrors } from '../../api/problems';
import { FormField } from '../FormField';
import { ProblemAlert } from '../ProblemAlert';
import { Button } from '../ui/Button';
import { Dialog } from '../ui/Dialog';
import { Input } from '../ui/Input';

export function CreateOrgDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [name, setName] = useState('');
  const createOrg = useCreateOrg();
  const navigate = useNavigate();
  const errors = fieldErrors(createOrg.error);

  const close = () => {
    setName('');
    createOrg.reset();
    onClose();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    createOrg.mutate(name, {
      onSuccess: (org) => {
        close();
        void navigate(`/orgs/${org.id}/projects`);
      },
    });
  };

  return (
    <Dialog
      open={open}
      onClose={close}
      title="Create organization"
      description="A team organization lets you invite people and share projects."
    >
      <form onSubmit={submit} className="flex flex-col gap-4">
        <FormField label="Organization name" error={errors.name}>
          {(control) => (
            <Input
              {...control}
              value={name}
              onChange={(e) => setName(e.target.value)}
              required
              autoFocus
            />
          )}
        </FormField>
        {!errors.name && <ProblemAlert error={createOrg.error} />}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={close}>
            Cancel
          </Button>
          <Button type="submit" disabled={createOrg.isPending || !name.trim()}>
            {createOrg.isPending ? 'Creating…' : 'Create organization'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
