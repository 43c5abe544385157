import type { CreatedInvitation } from '@aistudio/contracts';
import { useState, type FormEvent } from 'react';
import { useCreateInvitation } from '../../api/invitations';
import { invitableRoles } from '../../api/org-roles';
import { fieldErrors } from '../../api/problems';
import { FormField } from '../../components/FormField';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Button } from '../../components/ui/Button';
import { Dialog } from '../../components/ui/Dialog';
import { Input } from '../../components/ui/Input';
import { Select } from '../../components/ui/Select';

type InvitableRole = (typeof invitableRoles)[number];

interface Props {
  orgId: string;
  open: boolean;
  onClose: () => void;
  onCreated: (invitation: CreatedInvitation) => void;
}

export function CreateInvitationDialog({ orgId, open, onClose, onCreated }: Props) {
  const [form, setForm] = useState({
    email: '',
    role: 'member' as InvitableRole,
    expiresInHours: 72,
  });
  const create = useCreateInvitation(orgId);
  const errors = fieldErrors(create.error);

  const close = () => {
    setForm({ email: '', role: 'member', expiresInHours: 72 });
    create.reset();
    onClose();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      {
        role: form.role,
        expiresInHours: form.expiresInHours,
        ...(form.email ? { email: form.email } : {}),
      },
      {
        onSuccess: (invitation) => {
          setForm({ email: '', role: 'member', expiresInHours: 72 });
          create.reset();
          onCreated(invitation);
        },
      },
    );
  };

  return (
    <Dialog
      open={open}
      onClose={close}
      title="Invite to organization"
      description="You get a link to send; it is shown once."
    >
      <form onSubmit={submit} className="flex flex-col gap-4">
        <FormField
          label="Email (optional)"
          error={errors.email}
          hint="When set, only this address can accept."
        >
          {(control) => (
            <Input
              {...control}
              type="email"
              value={form.email}
              onChange={(e) => setForm({ ...form, email: e.target.value })}
            />
          )}
        </FormField>
        <div className="grid grid-cols-2 gap-3">
          <FormField label="Role" error={errors.role}>
            {(control) => (
              <Select
                {...control}
                value={form.role}
                onChange={(e) => setForm({ ...form, role: e.target.value as InvitableRole })}
              >
                {invitableRoles.map((role) => (
                  <option key={role} value={role}>
                    {role}
                  </option>
                ))}
              </Select>
            )}
          </FormField>
          <FormField label="Expires after" error={errors.expiresInHours}>
            {(control) => (
              <Select
                {...control}
                value={form.expiresInHours}
                onChange={(e) => setForm({ ...form, expiresInHours: Number(e.target.value) })}
              >
                <option value={24}>1 day</option>
                <option value={72}>3 days</option>
                <option value={168}>7 days</option>
                <option value={720}>30 days</option>
              </Select>
            )}
          </FormField>
        </div>
        {Object.keys(errors).length === 0 && <ProblemAlert error={create.error} />}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={close}>
            Cancel
          </Button>
          <Button type="submit" disabled={create.isPending}>
            {create.isPending ? 'Creating…' : 'Create invitation link'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
