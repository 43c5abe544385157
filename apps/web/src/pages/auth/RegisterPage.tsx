import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { fieldErrors } from '../../api/problems';
import { useInstance, useRegister } from '../../api/session';
import { AuthCard } from '../../components/AuthCard';
import { FormField } from '../../components/FormField';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Alert } from '../../components/ui/Alert';
import { Button } from '../../components/ui/Button';
import { Input } from '../../components/ui/Input';

/** Open registration, or `?invitation=TOKEN`: the new account then joins the inviting org. */
export function RegisterPage() {
  const [params] = useSearchParams();
  const invitationToken = params.get('invitation') ?? undefined;
  const instance = useInstance();
  const register = useRegister();
  const navigate = useNavigate();
  const [form, setForm] = useState({ name: '', email: '', password: '' });
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
        <FormField label="Your name" error={errors.name}>
          {(control) => (
            <Input
              {...control}
              autoComplete="name"
              required
              autoFocus
              value={form.name}
              onChange={(e) => setForm({ ...form, name: e.target.value })}
            />
          )}
        </FormField>
        <FormField label="Email" error={errors.email}>
          {(control) => (
            <Input
              {...control}
              type="email"
              autoComplete="email"
              required
              value={form.email}
              onChange={(e) => setForm({ ...form, email: e.target.value })}
            />
          )}
        </FormField>
        <FormField label="Password" error={errors.password} hint="At least 10 characters.">
          {(control) => (
            <Input
              {...control}
              type="password"
              autoComplete="new-password"
              required
              value={form.password}
              onChange={(e) => setForm({ ...form, password: e.target.value })}
            />
          )}
        </FormField>
        {Object.keys(errors).length === 0 && <ProblemAlert error={register.error} />}
        <Button type="submit" disabled={register.isPending}>
          {register.isPending ? 'Creating account…' : 'Create account'}
        </Button>
      </form>
    </AuthCard>
  );
}
