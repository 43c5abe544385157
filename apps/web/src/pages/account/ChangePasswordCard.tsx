import { useState, type FormEvent } from 'react';
import { fieldErrors } from '../../api/problems';
import { useChangePassword } from '../../api/session';
import { FormField } from '../../components/FormField';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Alert } from '../../components/ui/Alert';
import { Button } from '../../components/ui/Button';
import {
  Card,
  CardContent,
  CardDescription,
  CardFooter,
  CardHeader,
  CardTitle,
} from '../../components/ui/Card';
import { Input } from '../../components/ui/Input';

const empty = { currentPassword: '', newPassword: '', confirm: '' };

export function ChangePasswordCard() {
  const [form, setForm] = useState(empty);
  const change = useChangePassword();
  const errors = fieldErrors(change.error);
  const mismatch = form.confirm !== '' && form.confirm !== form.newPassword;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (mismatch) return;
    change.mutate(
      { currentPassword: form.currentPassword, newPassword: form.newPassword },
      { onSuccess: () => setForm(empty) },
    );
  };

  return (
    <Card>
      <form onSubmit={submit} noValidate>
        <CardHeader>
          <CardTitle>Change password</CardTitle>
          <CardDescription>
            Your other sessions are signed out when the password changes.
          </CardDescription>
        </CardHeader>
        <CardContent className="flex max-w-md flex-col gap-4">
          <FormField label="Current password" error={errors.currentPassword}>
            {(control) => (
              <Input
                {...control}
                type="password"
                autoComplete="current-password"
                value={form.currentPassword}
                onChange={(e) => setForm({ ...form, currentPassword: e.target.value })}
              />
            )}
          </FormField>
          <FormField label="New password" error={errors.newPassword} hint="At least 10 characters.">
            {(control) => (
              <Input
                {...control}
                type="password"
                autoComplete="new-password"
                value={form.newPassword}
                onChange={(e) => setForm({ ...form, newPassword: e.target.value })}
              />
            )}
          </FormField>
          <FormField
            label="Confirm new password"
            error={mismatch ? 'does not match the new password' : undefined}
          >
            {(control) => (
              <Input
                {...control}
                type="password"
                autoComplete="new-password"
                value={form.confirm}
                onChange={(e) => setForm({ ...form, confirm: e.target.value })}
              />
            )}
          </FormField>
          {Object.keys(errors).length === 0 && <ProblemAlert error={change.error} />}
          {change.isSuccess && <Alert variant="success">Password changed.</Alert>}
        </CardContent>
        <CardFooter>
          <Button
            type="submit"
            disabled={change.isPending || !form.currentPassword || !form.newPassword || mismatch}
          >
            {change.isPending ? 'Changing…' : 'Change password'}
          </Button>
        </CardFooter>
      </form>
    </Card>
  );
}
