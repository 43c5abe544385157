import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { fieldErrors, problemStatus } from '../../api/problems';
import { safeNextPath } from '../../app/next-path';
import { useInstance, useLogin } from '../../api/session';
import { AuthCard } from '../../components/AuthCard';
import { FormField } from '../../components/FormField';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Button } from '../../components/ui/Button';
import { Input } from '../../components/ui/Input';

export function LoginPage() {
  const [form, setForm] = useState({ email: '', password: '' });
  const login = useLogin();
  const instance = useInstance();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const errors = fieldErrors(login.error);
  const status = problemStatus(login.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    login.mutate(form, {
      onSuccess: () => void navigate(safeNextPath(params.get('next')), { replace: true }),
    });
  };

  return (
    <AuthCard
      title="Sign in"
      description="Welcome back to AI Studio."
      footer={
        instance.data?.openRegistration && (
          <>
            No account?{' '}
            <Link to="/register" className="font-medium text-zinc-900 underline underline-offset-4">
              Register
            </Link>
          </>
        )
      }
    >
      <form onSubmit={submit} className="flex flex-col gap-4" noValidate>
        <FormField label="Email" error={errors.email}>
          {(control) => (
            <Input
              {...control}
              type="email"
              autoComplete="email"
              required
              autoFocus
              value={form.email}
              onChange={(e) => setForm({ ...form, email: e.target.value })}
            />
          )}
        </FormField>
        <FormField label="Password" error={errors.password}>
          {(control) => (
            <Input
              {...control}
              type="password"
              autoComplete="current-password"
              required
              value={form.password}
              onChange={(e) => setForm({ ...form, password: e.target.value })}
            />
          )}
        </FormField>
        {Object.keys(errors).length === 0 && (
          <ProblemAlert
            error={login.error}
            title={
              status === 401
                ? 'Wrong email or password'
                : status === 429
                  ? 'Too many attempts'
                  : undefined
            }
          />
        )}
        <Button type="submit" disabled={login.isPending}>
          {login.isPending ? 'Signing in…' : 'Sign in'}
        </Button>
      </form>
    </AuthCard>
  );
}
