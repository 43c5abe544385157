import type { PiiPolicy, PiiRule, UpdatePiiPolicyBody } from '@aistudio/contracts';

/** What the form edits per kind: an action, and a method when the action masks. */
export type RuleChoice = 'block' | 'review' | 'mask:redact' | 'mask:partial' | 'mask:hash';

export const RULE_CHOICES: { value: RuleChoice; label: string }[] = [
  { value: 'block', label: 'Block the upload' },
  { value: 'review', label: 'Send to review' },
  { value: 'mask:hash', label: 'Mask: hash (joins still work)' },
  { value: 'mask:partial', label: 'Mask: partly star out' },
  { value: 'mask:redact', label: 'Mask: redact' },
];

export const KIND_LABELS: Record<string, string> = {
  email: 'E-mail addresses',
  phone: 'Phone numbers',
  payment_card: 'Payment card numbers',
  iban: 'IBANs',
  us_ssn: 'US social security numbers',
  ipv4: 'IPv4 addresses',
  ipv6: 'IPv6 addresses',
};

export function choiceOf(rule: PiiRule): RuleChoice {
  return rule.action === 'mask' ? `mask:${rule.method}` : rule.action;
}

export function ruleOf(choice: RuleChoice): PiiRule {
  if (choice === 'block' || choice === 'review') return { action: choice };
  const method = choice.slice('mask:'.length) as 'redact' | 'partial' | 'hash';
  return { action: 'mask', method };
}

export interface PolicyDraft {
  kinds: Record<string, RuleChoice>;
  copyright: 'flag' | 'review';
}

export function draftOf(policy: PiiPolicy): PolicyDraft {
  return {
    kinds: Object.fromEntries(Object.entries(policy.kinds).map(([k, r]) => [k, choiceOf(r)])),
    copyright: policy.copyright,
  };
}

/** The request body: only the kinds that differ from the defaults, so defaults can evolve. */
export function policyBody(
  draft: PolicyDraft,
  defaults: PiiPolicy['defaults'],
): UpdatePiiPolicyBody {
  const kinds = Object.fromEntries(
    Object.entries(draft.kinds)
      .filter(([kind, choice]) => {
        const fallback = defaults.kinds[kind as keyof typeof defaults.kinds];
        return !fallback || choiceOf(fallback) !== choice;
      })
      .map(([kind, choice]) => [kind, ruleOf(choice)]),
  );
  return draft.copyright === defaults.copyright ? { kinds } : { kinds, copyright: draft.copyright };
}
