import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { fieldErrors } from '../../api/problems';
import { useSetup } from '../../api/session';
import { AuthCard } from '../../components/AuthCard';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Button } from '../../components/ui/Button';
import { NewAccountFields, emptyNewAccount, type NewAccount } from './NewAccountFields';

/** First run: creates the instance owner, who is signed in straight away. */
export function SetupPage() {
  const [form, setForm] = useState<NewAccount>(emptyNewAccount);
  const setup = useSetup();
  const navigate = useNavigate();
  const errors = fieldErrors(setup.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setup.mutate(form, {
      onSuccess: (session) =>
        void navigate(`/orgs/${session.personalOrgId}/projects`, { replace: true }),
    });
  };

  return (
    <AuthCard
      title="Set up AI Studio"
      description="Create the owner account. It administers this instance."
    >
      <form onSubmit={submit} className="flex flex-col gap-4" noValidate>
        <NewAccountFields value={form} onChange={setForm} errors={errors} />
        {Object.keys(errors).length === 0 && <ProblemAlert error={setup.error} />}
        <Button type="submit" disabled={setup.isPending}>
          {setup.isPending ? 'Creating account…' : 'Create owner account'}
        </Button>
      </form>
    </AuthCard>
  );
}
