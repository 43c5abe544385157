import type { OrgRole } from '@aistudio/contracts';
import { useState, type FormEvent } from 'react';
import { useAddOrgMember } from '../../api/orgs';
import { fieldErrors } from '../../api/problems';
import { FormField } from '../../components/FormField';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Button } from '../../components/ui/Button';
import { Input } from '../../components/ui/Input';
import { Select } from '../../components/ui/Select';

/** Adds someone who already has an account; others need an invitation. */
export function AddOrgMemberForm({ orgId, assignable }: { orgId: string; assignable: OrgRole[] }) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<OrgRole>('member');
  const add = useAddOrgMember(orgId);
  const errors = fieldErrors(add.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate({ email, role }, { onSuccess: () => setEmail('') });
  };

  return (
    <form
      onSubmit={submit}
      className="flex flex-col gap-3 border-t border-zinc-100 bg-zinc-50/60 px-6 py-4"
    >
      <div className="flex flex-wrap items-start gap-3">
        <div className="min-w-56 flex-1">
          <FormField label="Add existing user by email" error={errors.email}>
            {(control) => (
              <Input
                {...control}
                type="email"
                value={email}
                onChange={(e) => setEmail(e.target.value)}
              />
            )}
          </FormField>
        </div>
        <div className="w-36">
          <FormField label="Role" error={errors.role}>
            {(control) => (
              <Select
                {...control}
                value={role}
                onChange={(e) => setRole(e.target.value as OrgRole)}
              >
                {assignable.map((r) => (
                  <option key={r} value={r}>
                    {r}
                  </option>
                ))}
              </Select>
            )}
          </FormField>
        </div>
        <Button
          type="submit"
          variant="secondary"
          className="mt-6"
          disabled={!email || add.isPending}
        >
          {add.isPending ? 'Adding…' : 'Add member'}
        </Button>
      </div>
      {Object.keys(errors).length === 0 && <ProblemAlert error={add.error} />}
    </form>
  );
}
