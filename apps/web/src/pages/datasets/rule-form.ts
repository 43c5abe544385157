import type { ValidationRule, ValidationRuleInput } from '@aistudio/contracts';
import type { ColumnType } from '../../api/dataset-reports';

export type RuleKind = ValidationRule['kind'];

export const RULE_KINDS: { kind: RuleKind; label: string }[] = [
  { kind: 'not_null', label: 'is not missing' },
  { kind: 'unique', label: 'is unique' },
  { kind: 'in_set', label: 'is one of' },
  { kind: 'between', label: 'is between' },
  { kind: 'matches_regex', label: 'matches pattern' },
  { kind: 'type', label: 'has type' },
];

/** What the rule form holds: text as typed, turned into a rule on submit. */
export interface RuleFormState {
  kind: RuleKind;
  column: string;
  /** Percent of values that must pass, 0–100. */
  mostlyPercent: string;
  values: string;
  min: string;
  max: string;
  pattern: string;
  type: ColumnType;
}

export const emptyRuleForm = (column = ''): RuleFormState => ({
  kind: 'not_null',
  column,
  mostlyPercent: '100',
  values: '',
  min: '',
  max: '',
  pattern: '',
  type: 'integer',
});

const numberOrUndefined = (text: string) => (text.trim() === '' ? undefined : Number(text));

/**
 * The rule to send. Values are comma-separated; when every one is a number they are sent as
 * numbers, so 1 matches 1.0. Bad numbers are sent as they are and the server names the field.
 */
export function ruleFromForm(form: RuleFormState): ValidationRuleInput {
  const base = { column: form.column, mostly: Number(form.mostlyPercent) / 100 };
  switch (form.kind) {
    case 'not_null':
    case 'unique':
      return { kind: form.kind, ...base };
    case 'in_set': {
      const values = form.values
        .split(',')
        .map((value) => value.trim())
        .filter((value) => value !== '');
      const numeric = values.length > 0 && values.every((value) => /^-?\d+(\.\d+)?$/.test(value));
      return { kind: 'in_set', ...base, values: numeric ? values.map(Number) : values };
    }
    case 'between':
      return {
        kind: 'between',
        ...base,
        min: numberOrUndefined(form.min),
        max: numberOrUndefined(form.max),
      };
    case 'matches_regex':
      return { kind: 'matches_regex', ...base, pattern: form.pattern };
    case 'type':
      return { kind: 'type', ...base, type: form.type };
  }
}

/** A rule in words, e.g. `species is one of Adelie, Gentoo (at least 95 %)`. */
export function describeRule(rule: ValidationRule): string {
  const label = RULE_KINDS.find((entry) => entry.kind === rule.kind)!.label;
  const detail =
    rule.kind === 'in_set'
      ? ` ${rule.values.join(', ')}`
      : rule.kind === 'between'
        ? ` ${rule.min ?? '−∞'} and ${rule.max ?? '∞'}`
        : rule.kind === 'matches_regex'
          ? ` ${rule.pattern}`
          : rule.kind === 'type'
            ? ` ${rule.type}`
            : '';
  const mostly = rule.mostly < 1 ? ` (at least ${Math.round(rule.mostly * 1000) / 10} %)` : '';
  return `${rule.column} ${label}${detail}${mostly}`;
}
