import { useState, type FormEvent } from 'react';
import type { AuditFilters } from '../../api/audit';
import { FormField } from '../../components/FormField';
import { Button } from '../../components/ui/Button';
import { Input } from '../../components/ui/Input';
import { Select } from '../../components/ui/Select';
import { localInputToIso } from '../../format/dates';

// The server filters on exact action names; these are the ones it records today.
const actions = [
  'api_key.create',
  'api_key.revoke',
  'auth.setup',
  'instance.update',
  'invitation.accept',
  'invitation.create',
  'invitation.revoke',
  'org.create',
  'org.member.add',
  'org.member.leave',
  'org.member.remove',
  'org.member.update',
  'org.update',
  'project.archive',
  'project.create',
  'project.member.add',
  'project.member.remove',
  'project.member.update',
  'project.restore',
  'project.transfer',
  'project.update',
  'user.password_change',
  'user.register',
];
const targetTypes = ['api_key', 'instance', 'invitation', 'org', 'project', 'user'];

const empty = { action: '', targetType: '', since: '', until: '' };

/** Filters apply on submit, so typing a date does not fire a query per keystroke. */
export function AuditFiltersForm({ onApply }: { onApply: (filters: AuditFilters) => void }) {
  const [form, setForm] = useState(empty);

  const apply = (values: typeof empty) =>
    onApply({
      ...(values.action ? { action: values.action } : {}),
      ...(values.targetType ? { targetType: values.targetType } : {}),
      ...(values.since ? { since: localInputToIso(values.since) } : {}),
      ...(values.until ? { until: localInputToIso(values.until) } : {}),
    });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    apply(form);
  };

  return (
    <form
      onSubmit={submit}
      className="grid grid-cols-1 items-end gap-3 sm:grid-cols-2 lg:grid-cols-[repeat(4,minmax(0,1fr))_auto]"
      aria-label="Audit log filters"
    >
      <FormField label="Action">
        {(control) => (
          <Select
            {...control}
            value={form.action}
            onChange={(e) => setForm({ ...form, action: e.target.value })}
          >
            <option value="">Any action</option>
            {actions.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </Select>
        )}
      </FormField>
      <FormField label="Target type">
        {(control) => (
          <Select
            {...control}
            value={form.targetType}
            onChange={(e) => setForm({ ...form, targetType: e.target.value })}
          >
            <option value="">Any target</option>
            {targetTypes.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </Select>
        )}
      </FormField>
      <FormField label="Since">
        {(control) => (
          <Input
            {...control}
            type="datetime-local"
            value={form.since}
            onChange={(e) => setForm({ ...form, since: e.target.value })}
          />
        )}
      </FormField>
      <FormField label="Until">
        {(control) => (
          <Input
            {...control}
            type="datetime-local"
            value={form.until}
            onChange={(e) => setForm({ ...form, until: e.target.value })}
          />
        )}
      </FormField>
      <div className="flex gap-2">
        <Button type="submit">Apply</Button>
        <Button
          variant="ghost"
          onClick={() => {
            setForm(empty);
            apply(empty);
          }}
        >
          Reset
        </Button>
      </div>
    </form>
  );
}
