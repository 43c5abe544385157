import { Plus } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import type { ColumnType } from '../../api/dataset-reports';
import { useCreateValidationRule } from '../../api/datasets';
import { fieldErrors } from '../../api/problems';
import { FormField } from '../../components/FormField';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Button } from '../../components/ui/Button';
import { Input } from '../../components/ui/Input';
import { Select } from '../../components/ui/Select';
import {
  emptyRuleForm,
  RULE_KINDS,
  ruleFromForm,
  type RuleFormState,
  type RuleKind,
} from './rule-form';

const TYPES: ColumnType[] = [
  'integer',
  'float',
  'boolean',
  'date',
  'datetime',
  'categorical',
  'text',
  'identifier',
];

/** Adds one rule to the dataset; the server checks the column and the pattern. */
export function RuleForm({ datasetId, columns }: { datasetId: string; columns: string[] }) {
  const [form, setForm] = useState<RuleFormState>(() => emptyRuleForm(columns[0]));
  const create = useCreateValidationRule(datasetId);
  const errors = fieldErrors(create.error);
  const set = (change: Partial<RuleFormState>) => setForm((current) => ({ ...current, ...change }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(ruleFromForm(form), {
      onSuccess: () => setForm(emptyRuleForm(form.column)),
    });
  };

  return (
    <form aria-label="Add a validation rule" onSubmit={submit} className="flex flex-col gap-3">
      <div className="grid gap-3 sm:grid-cols-3">
        <FormField label="Column" error={errors.column}>
          {(control) => (
            <Select
              {...control}
              value={form.column}
              onChange={(e) => set({ column: e.target.value })}
            >
              {columns.map((column) => (
                <option key={column}>{column}</option>
              ))}
            </Select>
          )}
        </FormField>
        <FormField label="Check" error={errors.kind}>
          {(control) => (
            <Select
              {...control}
              value={form.kind}
              onChange={(e) => set({ kind: e.target.value as RuleKind })}
            >
              {RULE_KINDS.map(({ kind, label }) => (
                <option key={kind} value={kind}>
                  {label}
                </option>
              ))}
            </Select>
          )}
        </FormField>
        <FormField
          label="Must pass (%)"
          error={errors.mostly}
          hint="Below 100 tolerates some failing values."
        >
          {(control) => (
            <Input
              {...control}
              type="number"
              min={0}
              max={100}
              step="any"
              value={form.mostlyPercent}
              onChange={(e) => set({ mostlyPercent: e.target.value })}
            />
          )}
        </FormField>
      </div>
      {form.kind === 'in_set' && (
        <FormField label="Allowed values" error={errors.values} hint="Separated by commas.">
          {(control) => (
            <Input
              {...control}
              value={form.values}
              onChange={(e) => set({ values: e.target.value })}
            />
          )}
        </FormField>
      )}
      {form.kind === 'between' && (
        <div className="grid gap-3 sm:grid-cols-2">
          <FormField label="Minimum" error={errors.min} hint="Leave empty for no lower bound.">
            {(control) => (
              <Input
                {...control}
                type="number"
                step="any"
                value={form.min}
                onChange={(e) => set({ min: e.target.value })}
              />
            )}
          </FormField>
          <FormField label="Maximum" error={errors.max} hint="Leave empty for no upper bound.">
            {(control) => (
              <Input
                {...control}
                type="number"
                step="any"
                value={form.max}
                onChange={(e) => set({ max: e.target.value })}
              />
            )}
          </FormField>
        </div>
      )}
      {form.kind === 'matches_regex' && (
        <FormField
          label="Pattern"
          error={errors.pattern}
          hint="RE2 regular expression; matches anywhere in the value, anchor with ^…$."
        >
          {(control) => (
            <Input
              {...control}
              className="font-mono"
              value={form.pattern}
              onChange={(e) => set({ pattern: e.target.value })}
            />
          )}
        </FormField>
      )}
      {form.kind === 'type' && (
        <FormField label="Type" error={errors.type}>
          {(control) => (
            <Select
              {...control}
              value={form.type}
              onChange={(e) => set({ type: e.target.value as ColumnType })}
            >
              {TYPES.map((type) => (
                <option key={type}>{type}</option>
              ))}
            </Select>
          )}
        </FormField>
      )}
      {create.isError && Object.keys(errors).length === 0 && <ProblemAlert error={create.error} />}
      <div>
        <Button type="submit" disabled={create.isPending || !form.column}>
          <Plus aria-hidden /> Add rule
        </Button>
      </div>
    </form>
  );
}
