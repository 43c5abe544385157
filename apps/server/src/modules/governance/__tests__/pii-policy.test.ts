import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../http/errors.js';
import { findPii } from '../pii-detectors.js';
import { hashPiiValue, REDACTED } from '../pii-masking.js';
import {
  applyColumnMasking,
  decidePii,
  DEFAULT_PII_POLICY,
  resolvePiiPolicy,
} from '../pii-policy.js';
import { scanColumns } from '../pii-scan.js';

const KEY = Buffer.alloc(32, 1);
const emails = Array.from({ length: 10 }, (_, i) => `user${i}@example.com`);

describe('decidePii', () => {
  it('allows a table without personal data', () => {
    expect(decidePii(scanColumns({ n: ['1', '2'] }), DEFAULT_PII_POLICY)).toEqual({
      outcome: 'allow',
      reasons: [],
      masking: [],
    });
  });

  it('masks an e-mail column whole, by hash, under the default policy', () => {
    const decision = decidePii(scanColumns({ email: emails }), DEFAULT_PII_POLICY);
    expect(decision).toEqual({
      outcome: 'mask',
      reasons: ['column "email": e-mail addresses in 10 of 10 values (100.0%): mask (hash)'],
      masking: [{ column: 'email', scope: 'value', kind: 'email', method: 'hash' }],
    });
  });

  it('masks only the spans of a free-text column', () => {
    const notes = ['call 415-555-2671', 'fine', 'ok', 'sure', 'no'];
    const decision = decidePii(scanColumns({ notes }), DEFAULT_PII_POLICY);
    expect(decision.masking).toEqual([
      { column: 'notes', scope: 'spans', methods: { phone: 'hash' } },
    ]);
    expect(decision.reasons).toEqual([
      'column "notes": phone numbers in 1 of 5 values (20.0%): mask (hash)',
    ]);
  });

  it('blocks card numbers and says where, even when other columns are masked', () => {
    const decision = decidePii(
      scanColumns({ email: emails, pan: ['4111 1111 1111 1111', 'n/a'] }),
      DEFAULT_PII_POLICY,
    );
    expect(decision.outcome).toBe('block');
    expect(decision.reasons).toContain(
      'column "pan": payment card numbers in 1 of 2 values (50.0%): block',
    );
  });

  it('sends IBANs to review by default, and copyright notices only when the policy says so', () => {
    const report = scanColumns({ iban: ['GB82WEST12345698765432'], text: ['© 2020 Someone'] });
    expect(decidePii(report, DEFAULT_PII_POLICY).outcome).toBe('review');
    const onlyCopyright = scanColumns({ text: ['© 2020 Someone'] });
    expect(decidePii(onlyCopyright, DEFAULT_PII_POLICY)).toEqual({
      outcome: 'allow',
      reasons: ['column "text": copyright notices in 1 values: flagged'],
      masking: [],
    });
    expect(decidePii(onlyCopyright, resolvePiiPolicy({ copyright: 'review' })).outcome).toBe(
      'review',
    );
  });

  it('takes the strongest method when kinds sharing an identifier column differ', () => {
    const policy = resolvePiiPolicy({
      kinds: {
        email: { action: 'mask', method: 'partial' },
        phone: { action: 'mask', method: 'redact' },
      },
    });
    const decision = decidePii(scanColumns({ c: [...emails, '415-555-2671'] }), policy);
    expect(decision.masking).toEqual([
      { column: 'c', scope: 'value', kind: 'email', method: 'redact' },
    ]);
  });
});

describe('resolvePiiPolicy', () => {
  it('merges overrides over the defaults', () => {
    const policy = resolvePiiPolicy({ kinds: { payment_card: { action: 'review' } } });
    expect(policy.kinds.payment_card).toEqual({ action: 'review' });
    expect(policy.kinds.email).toEqual(DEFAULT_PII_POLICY.kinds.email);
  });

  it('refuses unknown kinds, actions and methods, naming the field', () => {
    expect(() => resolvePiiPolicy({ kinds: { passport: { action: 'block' } } })).toThrow(
      'kinds: unknown kind "passport"; known: email, phone, payment_card, iban, us_ssn, ipv4, ipv6',
    );
    expect(() => resolvePiiPolicy({ kinds: { email: { action: 'drop' } as never } })).toThrow(
      ValidationError,
    );
    expect(() =>
      resolvePiiPolicy({ kinds: { email: { action: 'mask', method: 'rot13' } as never } }),
    ).toThrow('kinds.email.method: one of redact, partial, hash');
  });
});

describe('applyColumnMasking', () => {
  it('hashes whole cells of an identifier column, keeping nulls and join equality', () => {
    const plan = { column: 'email', scope: 'value', kind: 'email', method: 'hash' } as const;
    expect(applyColumnMasking('a@example.com', plan, KEY)).toBe(hashPiiValue('a@example.com', KEY));
    expect(applyColumnMasking(null, plan, KEY)).toBeNull();
    expect(applyColumnMasking('not an address', plan, KEY)).toBe(
      hashPiiValue('not an address', KEY),
    );
  });

  it('redacts whole cells, and partial-masks detected values only', () => {
    expect(
      applyColumnMasking('a@example.com', {
        column: 'e',
        scope: 'value',
        kind: 'email',
        method: 'redact',
      }),
    ).toBe(REDACTED);
    const partial = { column: 'e', scope: 'value', kind: 'email', method: 'partial' } as const;
    expect(applyColumnMasking('a@example.com', partial)).toBe('a***@e***.com');
    expect(applyColumnMasking('unknown', partial)).toBe('unknown');
  });

  it('rewrites spans in free text so a rescan finds nothing masked', () => {
    const plan = {
      column: 'n',
      scope: 'spans',
      methods: { phone: 'redact', email: 'hash' },
    } as const;
    const out = applyColumnMasking('mail a@example.com, call 415-555-2671', plan, KEY)!;
    expect(out).toBe(`mail ${hashPiiValue('a@example.com', KEY)}, call ${REDACTED}`);
    expect(findPii(out)).toEqual([]);
  });
});
