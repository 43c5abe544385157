import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../http/errors.js';
import { findPii } from '../pii-detectors.js';
import {
  hashPiiValue,
  maskPiiInText,
  maskPiiValue,
  maskWholeValue,
  REDACTED,
} from '../pii-masking.js';

const KEY = Buffer.alloc(32, 7);

describe('maskPiiValue', () => {
  it.each([
    ['email', 'jane.doe@example.com', 'j***@e***.com'],
    ['email', 'x@mail.example.co.uk', 'x***@m***.uk'],
    ['payment_card', '4111 1111 1111 1234', '**** **** **** 1234'],
    ['payment_card', '4111111111111234', '************1234'],
    ['us_ssn', '123-45-6789', '***-**-6789'],
    ['phone', '+44 20 7946 0958', '+** ** **** **58'],
    ['iban', 'GB82 WEST 1234 5698 7654 32', 'GB** **** **** **** **54 32'],
    ['ipv4', '192.168.1.10', '192.*.*.*'],
    ['ipv6', '2001:db8::1', '2001:***::*'],
  ] as const)('masks the %s %s as %s', (kind, value, masked) => {
    expect(maskPiiValue(kind, value)).toBe(masked);
  });

  it('leaves nothing a second scan would find', () => {
    for (const [kind, value] of [
      ['email', 'jane.doe@example.com'],
      ['payment_card', '4111 1111 1111 1111'],
      ['us_ssn', '123-45-6789'],
      ['phone', '+1 (415) 555-2671'],
      ['iban', 'GB82WEST12345698765432'],
      ['ipv4', '192.168.1.10'],
      ['ipv6', '2001:0db8:85a3::8a2e:0370:7334'],
    ] as const) {
      expect(findPii(maskPiiValue(kind, value))).toEqual([]);
    }
  });
});

describe('hashPiiValue', () => {
  it('is HMAC-SHA256 (RFC 4231 test case 2)', () => {
    expect(hashPiiValue('what do ya want for nothing?', Buffer.from('Jefe'))).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
  });

  it('keeps equal values equal under one key, so joins still work, and differs across keys', () => {
    const other = randomBytes(32);
    expect(hashPiiValue('jane@example.com', KEY)).toBe(hashPiiValue('jane@example.com', KEY));
    expect(hashPiiValue('jane@example.com', KEY)).not.toBe(hashPiiValue('jane@example.com', other));
    expect(hashPiiValue('jane@example.com', KEY)).toBe(
      createHmac('sha256', KEY).update('jane@example.com').digest('hex'),
    );
  });
});

describe('maskWholeValue', () => {
  it('redacts and hashes cells but keeps nulls null', () => {
    expect(maskWholeValue('jane@example.com', 'redact')).toBe(REDACTED);
    expect(maskWholeValue(null, 'redact')).toBeNull();
    expect(maskWholeValue('jane@example.com', 'hash', KEY)).toMatch(/^[0-9a-f]{64}$/);
    expect(maskWholeValue(null, 'hash', KEY)).toBeNull();
  });

  it('refuses to hash without a key or with a short one', () => {
    expect(() => maskWholeValue('x', 'hash')).toThrow(ValidationError);
    expect(() => maskWholeValue('x', 'hash', Buffer.alloc(16))).toThrow(
      'maskingKey: the hashing key has 16 bytes; it needs at least 32',
    );
  });
});

describe('maskPiiInText', () => {
  const text = 'Mail jane@example.com or call +1 415 555 2671, card 4111 1111 1111 1111.';

  it('rewrites each kind by its method and keeps the words around', () => {
    expect(
      maskPiiInText(text, { email: 'partial', phone: 'redact', payment_card: 'partial' }),
    ).toBe('Mail j***@e***.com or call [REDACTED], card **** **** **** 1111.');
  });

  it('leaves kinds without a method alone', () => {
    expect(maskPiiInText(text, { email: 'redact' })).toBe(
      'Mail [REDACTED] or call +1 415 555 2671, card 4111 1111 1111 1111.',
    );
  });

  it('hashes spans with the key and round-trips to no personal data', () => {
    const masked = maskPiiInText(
      text,
      { email: 'hash', phone: 'hash', payment_card: 'hash' },
      KEY,
    )!;
    expect(masked).toBe(
      `Mail ${hashPiiValue('jane@example.com', KEY)} or call ${hashPiiValue('+1 415 555 2671', KEY)}, ` +
        `card ${hashPiiValue('4111 1111 1111 1111', KEY)}.`,
    );
    expect(findPii(masked)).toEqual([]);
  });

  it('returns null for null and text without personal data unchanged', () => {
    expect(maskPiiInText(null, { email: 'redact' })).toBeNull();
    expect(maskPiiInText('nothing here', { email: 'redact' })).toBe('nothing here');
  });
});
