import { createHmac } from 'node:crypto';
import { ValidationError } from '../../http/errors.js';
import { findPii, type PiiKind } from './pii-detectors.js';

/** How a masked value is rewritten: replaced by a marker, partly starred out, or keyed-hashed. */
export type MaskingMethod = 'redact' | 'partial' | 'hash';

export const REDACTED = '[REDACTED]';

/** Below this, a key could be guessed and the hashes of e-mail addresses or phones reversed. */
export const MIN_HASH_KEY_BYTES = 32;

/** Stars out every character `maskable` accepts, except `keepFirst` of them and `keepLast` of them. */
function starOut(text: string, maskable: RegExp, keepFirst: number, keepLast: number): string {
  const total = [...text].filter((c) => maskable.test(c)).length;
  let seen = 0;
  return [...text]
    .map((c) => {
      if (!maskable.test(c)) return c;
      seen++;
      return seen <= keepFirst || seen > total - keepLast ? c : '*';
    })
    .join('');
}

function maskEmail(value: string): string {
  const at = value.lastIndexOf('@');
  const domain = value.slice(at + 1);
  const tld = domain.slice(domain.lastIndexOf('.'));
  return `${value[0]}***@${domain[0]}***${tld}`;
}

const DIGIT = /\d/;
const ALNUM = /[A-Za-z0-9]/;
const HEX = /[0-9A-Fa-f]/;

/**
 * The partial mask of one detected value, enough to recognise the kind but not the person:
 * j***@e***.com, **** **** **** 1234, ***-**-6789, GB** **** … 5432, 192.*.*.*.
 */
export function maskPiiValue(kind: PiiKind, value: string): string {
  switch (kind) {
    case 'email':
      return maskEmail(value);
    case 'payment_card':
      return starOut(value, DIGIT, 0, 4);
    case 'us_ssn':
      return starOut(value, DIGIT, 0, 4);
    case 'phone':
      return starOut(value, DIGIT, 0, 2);
    case 'iban':
      return starOut(value, ALNUM, 2, 4);
    case 'ipv4':
      return value.replace(/^(\d+)\.\d+\.\d+\.\d+$/, '$1.*.*.*');
    case 'ipv6': {
      const first = value.indexOf(':');
      return value.slice(0, first) + starOut(value.slice(first), HEX, 0, 0);
    }
  }
}

/** Keyed HMAC-SHA256 of a value as hex: equal inputs stay equal (joins work), guesses don't. */
export function hashPiiValue(value: string, key: Uint8Array): string {
  return createHmac('sha256', key).update(value, 'utf8').digest('hex');
}

/** Checks a hashing key once, before a column is rewritten with it. */
export function assertHashKey(key: Uint8Array): void {
  if (key.byteLength < MIN_HASH_KEY_BYTES) {
    throw ValidationError.field(
      'maskingKey',
      `the hashing key has ${key.byteLength} bytes; it needs at least ${MIN_HASH_KEY_BYTES}`,
    );
  }
}

/** The rewrite of a whole cell; null stays null so missing values stay missing. */
export function maskWholeValue(
  value: string | null,
  method: Exclude<MaskingMethod, 'partial'>,
  key?: Uint8Array,
): string | null {
  if (value === null) return null;
  if (method === 'redact') return REDACTED;
  return hashPiiValue(value, requireKey(key));
}

/**
 * Rewrites only the personal data inside a text (free-text columns), each kind by its method;
 * the words around it stay. Kinds without a method are left alone.
 */
export function maskPiiInText(
  text: string | null,
  methods: Partial<Record<PiiKind, MaskingMethod>>,
  key?: Uint8Array,
): string | null {
  if (text === null) return null;
  const kinds = new Set(Object.keys(methods) as PiiKind[]);
  let out = '';
  let at = 0;
  for (const match of findPii(text, kinds)) {
    const method = methods[match.kind]!;
    const replacement =
      method === 'redact'
        ? REDACTED
        : method === 'partial'
          ? maskPiiValue(match.kind, match.value)
          : hashPiiValue(match.value, requireKey(key));
    out += text.slice(at, match.start) + replacement;
    at = match.end;
  }
  return out + text.slice(at);
}

function requireKey(key: Uint8Array | undefined): Uint8Array {
  if (!key) throw ValidationError.field('maskingKey', 'hashing needs a key');
  assertHashKey(key);
  return key;
}
