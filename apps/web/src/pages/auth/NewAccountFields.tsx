import { FormField } from '../../components/FormField';
import { Input } from '../../components/ui/Input';

export interface NewAccount {
  name: string;
  email: string;
  password: string;
}

export const emptyNewAccount: NewAccount = { name: '', email: '', password: '' };

/** Name, email and a new password: what setup and registration both ask for. */
export function NewAccountFields({
  value,
  onChange,
  errors,
  autoFocus = false,
}: {
  value: NewAccount;
  onChange: (value: NewAccount) => void;
  errors: Record<string, string>;
  autoFocus?: boolean;
}) {
  return (
    <>
      <FormField label="Your name" error={errors.name}>
        {(control) => (
          <Input
            {...control}
            autoComplete="name"
            required
            autoFocus={autoFocus}
            value={value.name}
            onChange={(e) => onChange({ ...value, name: e.target.value })}
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
            value={value.email}
            onChange={(e) => onChange({ ...value, email: e.target.value })}
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
            value={value.password}
            onChange={(e) => onChange({ ...value, password: e.target.value })}
          />
        )}
      </FormField>
    </>
  );
}
