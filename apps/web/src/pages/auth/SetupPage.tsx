import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { fieldErrors } from '../../api/problems';
import { useSetup } from '../../api/session';
import { AuthCard } from '../../components/AuthCard';
import { FormField } from '../../components/FormField';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Button } from '../../components/ui/Button';
import { Input } from '../../components/ui/Input';

/** First run: creates the instance owner, who is signed in straight away. */
export function SetupPage() {
  const [form, setForm] = useState({ name: '', email: '', password: '' });
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
        <FormField label="Your name" error={errors.name}>
          {(control) => (
            <Input
              {...control}
              autoComplete="name"
              required
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
        <FormField
          label="Password"
          error={errors.password}
          hint="At least 10 characters; a passphrase works well."
        >
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
        {Object.keys(errors).length === 0 && <ProblemAlert error={setup.error} />}
        <Button type="submit" disabled={setup.isPending}>
          {setup.isPending ? 'Creating account…' : 'Create owner account'}
        </Button>
      </form>
    </AuthCard>
  );
}
