import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { fieldErrors } from '../../api/problems';
import { useInstance, useRegister } from '../../api/session';
import { AuthCard } from '../../components/AuthCard';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Alert } from '../../components/ui/Alert';
import { Button } from '../../components/ui/Button';
import { NewAccountFields, emptyNewAccount, type NewAccount } from './NewAccountFields';

/** Open registration, or `?invitation=TOKEN`: the new account then joins the inviting org. */
export function RegisterPage() {
  const [params] = useSearchParams();
  const invitationToken = params.get('invitation') ?? undefined;
  const instance = useInstance();
  const register = useRegister();
  const navigate = useNavigate();
  const [form, setForm] = useState<NewAccount>(emptyNewAccount);
  const errors = fieldErrors(register.error);
  const allowed = Boolean(invitationToken) || instance.data?.openRegistration;

  const signIn = (
    <>
      Already have an account?{' '}
      <Link to="/login" className="font-medium text-zinc-900 underline underline-offset-4">
        Sign in
      </Link>
    </>
  );

  if (!allowed) {
    return (
      <AuthCard title="Registration is closed" footer={signIn}>
        <Alert>Ask an organization admin for an invitation link.</Alert>
      </AuthCard>
    );
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    register.mutate(
      { ...form, ...(invitationToken ? { invitationToken } : {}) },
      { onSuccess: () => void navigate('/', { replace: true }) },
    );
  };

  return (
    <AuthCard
      title="Create your account"
      description={invitationToken ? 'You were invited to join an organization.' : undefined}
      footer={signIn}
    >
      <form onSubmit={submit} className="flex flex-col gap-4" noValidate>
        <NewAccountFields value={form} onChange={setForm} errors={errors} autoFocus />
        {Object.keys(errors).length === 0 && <ProblemAlert error={register.error} />}
        <Button type="submit" disabled={register.isPending}>
          {register.isPending ? 'Creating account…' : 'Create account'}
        </Button>
      </form>
    </AuthCard>
  );
}
