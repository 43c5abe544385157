import { PII_KIND_IDS } from '@aistudio/contracts';
import { isIPv6 } from 'node:net';
import {
  cardNetwork,
  IBAN_LENGTHS,
  isIbanValid,
  isLuhnValid,
  isSsnValid,
} from './pii-checksums.js';

/** The kinds of personal data the scan looks for (the contracts' list, so the API names the same). */
export const PII_KINDS = PII_KIND_IDS;
export type PiiKind = (typeof PII_KINDS)[number];

/** One occurrence of personal data inside a text: `text.slice(start, end) === value`. */
export interface PiiMatch {
  kind: PiiKind;
  start: number;
  end: number;
  value: string;
}

interface Detector {
  kind: PiiKind;
  /** A cheap test that rules the kind out for most values before any regex runs. */
  mayContain: (text: string, digits: number) => boolean;
  pattern: RegExp;
  /** Whether a candidate the pattern found is the real thing; may also move its end. */
  accept: (match: RegExpExecArray, text: string) => boolean | number;
}

const EMAIL =
  /(?<![\w.%+-])[A-Za-z0-9](?:[A-Za-z0-9._%+-]{0,62}[A-Za-z0-9_%+-])?@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![\w-])/g;
const IMAGE_EXTENSIONS = new Set(['png', 'jpg', 'jpeg', 'gif', 'svg', 'webp']);

function acceptEmail(m: RegExpExecArray): boolean {
  const [local, domain] = m[0].split('@') as [string, string];
  if (local.includes('..')) return false;
  // Retina image names ("icon@2x.png") have the shape of an address.
  const tld = domain.slice(domain.lastIndexOf('.') + 1).toLowerCase();
  return !(/^\d+x\./i.test(domain) || IMAGE_EXTENSIONS.has(tld));
}

const PHONE_INTERNATIONAL = /(?<![\w+])\+[1-9][\d ().-]{5,22}\d(?!\w|[.-]\d)/g;
const PHONE_NANP = /(?<![\w.+-])(?:\(\d{3}\) ?|\d{3}([ .-]))\d{3}([ .-])\d{4}(?![\w:]|[.-]\d)/g;
const PHONE_TRUNK = /(?<![\w.+-])0\d{1,4}(?:([ .-])\d{2,8}){1,4}(?![\w:]|[.-]\d)/g;

function digitCount(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

function countChar(text: string, char: string): number {
  let n = 0;
  for (let i = text.indexOf(char); i >= 0; i = text.indexOf(char, i + 1)) n++;
  return n;
}

function acceptInternationalPhone(m: RegExpExecArray): boolean {
  const text = m[0];
  const digits = digitCount(text);
  if (digits < 7 || digits > 15) return false;
  // "+1.234.567" is a signed number with thousands separators.
  if (/^\+\d{1,3}(\.\d{3})+$/.test(text)) return false;
  if (/[ .-]{2}|\(\)|[.-][ (]|[ )][.-]/.test(text.replace(/\) /g, ')'))) return false;
  const open = text.indexOf('(');
  const close = text.indexOf(')');
  return open < 0 ? close < 0 : close > open && text.indexOf('(', open + 1) < 0;
}

function acceptNanpPhone(m: RegExpExecArray): boolean {
  // Area code and exchange never start with 0 or 1; separators are the same throughout.
  const digits = m[0].replace(/\D/g, '');
  if (m[1] !== undefined && m[1] !== m[2]) return false;
  return digits[0]! >= '2' && digits[3]! >= '2';
}

function acceptTrunkPhone(m: RegExpExecArray): boolean {
  const text = m[0];
  // 3-2-4 digits in dashes is the shape of an SSN, which has its own detector and rules.
  if (/^\d{3}-\d{2}-\d{4}$/.test(text)) return false;
  const separators = text.match(/[ .-]/g)!;
  if (new Set(separators).size > 1) return false;
  // "0.123456789" is a decimal number, "01.02.2019" a date: neither has 9-12 digits in groups.
  if (separators.length === 1 && separators[0] === '.') return false;
  const digits = digitCount(text);
  return digits >= 9 && digits <= 12;
}

const CARD = /(?<![\w+.,-])\d(?:[ -]?\d){12,18}(?!\w|[ -]?\d|[.,]\d)/g;
const CARD_GROUPINGS = /^(\d{4}([ -])\d{4}(\2\d{4}){1,2}(\2\d{1,4})?|\d{4}([ -])\d{6}\5\d{4,5})$/;

function acceptCard(m: RegExpExecArray): boolean {
  const text = m[0];
  const separated = /[ -]/.test(text);
  if (separated && !CARD_GROUPINGS.test(text)) return false;
  const digits = separated ? text.replace(/[ -]/g, '') : text;
  return cardNetwork(digits) !== undefined && isLuhnValid(digits);
}

const IBAN_START = /(?<![A-Za-z0-9])([A-Z]{2})(\d{2})(?= ?[A-Z0-9])/g;

/** Reads the rest of an IBAN after its first four characters, allowing single spaces between. */
function acceptIban(m: RegExpExecArray, text: string): boolean | number {
  const length = IBAN_LENGTHS[m[1]!];
  if (length === undefined) return false;
  let compact = m[0];
  let i = m.index + 4;
  while (compact.length < length && i < text.length) {
    const c = text[i]!;
    if (c === ' ' && text[i - 1] !== ' ') i++;
    else if (/[A-Z0-9]/.test(c)) {
      compact += c;
      i++;
    } else break;
  }
  if (compact.length !== length || /[A-Za-z0-9]/.test(text[i] ?? '')) return false;
  return isIbanValid(compact) ? i : false;
}

const SSN = /(?<![\w-])(\d{3})-(\d{2})-(\d{4})(?!\w|-\d)/g;

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = new RegExp(`(?<![\\w.])${OCTET}(?:\\.${OCTET}){3}(?!\\w|\\.\\d)`, 'g');
const VERSION_WORD = /\b(version|ver|release|build|v)\.?\s*$/i;

function acceptIpv4(m: RegExpExecArray, text: string): boolean {
  const first = Number(m[0].slice(0, m[0].indexOf('.')));
  // 0.x "this network", loopback and broadcast point at no one.
  if (first === 0 || first === 127 || m[0] === '255.255.255.255') return false;
  return !VERSION_WORD.test(text.slice(Math.max(0, m.index - 12), m.index));
}

const IPV6 =
  /(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|\d{1,3}(?:\.\d{1,3}){3})?(?![\w:]|\.\w)/g;

function acceptIpv6(m: RegExpExecArray): boolean {
  const text = m[0];
  // Hex words around "::" ("bad::add", C++ scopes) are valid syntax; a real address has a digit.
  if (!/\d/.test(text) || !isIPv6(text)) return false;
  return !/^(::|::1|(0{1,4}:){7}0{0,3}[01])$/.test(text);
}

// Most specific first: a span one detector takes (a card, an IPv6 with an IPv4 tail, an
// international phone) is not offered to the looser ones after it.
const DETECTORS: readonly Detector[] = [
  { kind: 'payment_card', mayContain: (_t, d) => d >= 13, pattern: CARD, accept: acceptCard },
  { kind: 'iban', mayContain: (_t, d) => d >= 4, pattern: IBAN_START, accept: acceptIban },
  { kind: 'email', mayContain: (t) => t.includes('@'), pattern: EMAIL, accept: acceptEmail },
  {
    kind: 'us_ssn',
    mayContain: (t, d) => d >= 9 && t.includes('-'),
    pattern: SSN,
    accept: (m) => isSsnValid(m[1]!, m[2]!, m[3]!),
  },
  {
    kind: 'ipv6',
    // Eight groups need seven colons unless "::" stands for some.
    mayContain: (t, d) => d >= 1 && (t.includes('::') || countChar(t, ':') >= 7),
    pattern: IPV6,
    accept: acceptIpv6,
  },
  {
    kind: 'ipv4',
    mayContain: (t, d) => d >= 4 && t.includes('.'),
    pattern: IPV4,
    accept: acceptIpv4,
  },
  {
    kind: 'phone',
    mayContain: (t, d) => d >= 7 && t.includes('+'),
    pattern: PHONE_INTERNATIONAL,
    accept: acceptInternationalPhone,
  },
  { kind: 'phone', mayContain: (_t, d) => d >= 10, pattern: PHONE_NANP, accept: acceptNanpPhone },
  { kind: 'phone', mayContain: (_t, d) => d >= 9, pattern: PHONE_TRUNK, accept: acceptTrunkPhone },
];

/**
 * Every piece of personal data in a text, ordered by position. Spans never overlap: where two
 * detectors claim the same characters, the more specific one keeps them.
 */
export function findPii(text: string, kinds?: ReadonlySet<PiiKind>): PiiMatch[] {
  const matches: PiiMatch[] = [];
  if (text.length < 6) return matches;
  const digits = digitCount(text);
  for (const detector of DETECTORS) {
    if (kinds && !kinds.has(detector.kind)) continue;
    if (!detector.mayContain(text, digits)) continue;
    const pattern = detector.pattern;
    pattern.lastIndex = 0;
    for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
      const verdict = detector.accept(m, text);
      if (verdict === false) continue;
      const end = verdict === true ? m.index + m[0].length : verdict;
      pattern.lastIndex = end;
      if (matches.some((other) => m!.index < other.end && other.start < end)) continue;
      matches.push({ kind: detector.kind, start: m.index, end, value: text.slice(m.index, end) });
    }
  }
  return matches.length > 1 ? matches.sort((a, b) => a.start - b.start) : matches;
}
