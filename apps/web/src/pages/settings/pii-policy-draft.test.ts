import { describe, expect, it } from 'vitest';
import type { PiiPolicy } from '@aistudio/contracts';
import { choiceOf, draftOf, policyBody, ruleOf } from './pii-policy-draft';

const defaults: PiiPolicy['defaults'] = {
  kinds: {
    email: { action: 'mask', method: 'hash' },
    phone: { action: 'mask', method: 'hash' },
    payment_card: { action: 'block' },
    iban: { action: 'review' },
    us_ssn: { action: 'block' },
    ipv4: { action: 'mask', method: 'hash' },
    ipv6: { action: 'mask', method: 'hash' },
  },
  copyright: 'flag',
};
const policy: PiiPolicy = {
  orgId: '00000000-0000-4000-8000-000000000000',
  ...defaults,
  overrides: { kinds: {} },
  defaults,
};

describe('PII policy draft', () => {
  it('round-trips every rule through the form choice', () => {
    for (const rule of Object.values(defaults.kinds)) expect(ruleOf(choiceOf(rule))).toEqual(rule);
    expect(ruleOf('mask:redact')).toEqual({ action: 'mask', method: 'redact' });
  });

  it('sends only what differs from the defaults', () => {
    const draft = draftOf(policy);
    expect(policyBody(draft, defaults)).toEqual({ kinds: {} });
    draft.kinds.email = 'review';
    draft.kinds.iban = 'mask:partial';
    draft.copyright = 'review';
    expect(policyBody(draft, defaults)).toEqual({
      kinds: { email: { action: 'review' }, iban: { action: 'mask', method: 'partial' } },
      copyright: 'review',
    });
  });
});
