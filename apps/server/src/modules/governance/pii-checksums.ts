/** Luhn (mod 10) check over a string of digits, as card numbers carry it in their last digit. */
export function isLuhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = digits.length - 1, double = false; i >= 0; i--, double = !double) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return digits.length > 0 && sum % 10 === 0;
}

interface IssuerRange {
  network: string;
  from: number;
  to: number;
  /** How many leading digits `from`/`to` cover. */
  prefixLength: number;
  lengths: readonly number[];
}

const range = (min: number, max: number) =>
  Array.from({ length: max - min + 1 }, (_, i) => min + i);

const r = (network: string, from: number, to: number, lengths: readonly number[]): IssuerRange => ({
  network,
  from,
  to,
  prefixLength: String(from).length,
  lengths,
});

// Issuer identification number (IIN) ranges of the card networks, with their card lengths.
const ISSUER_RANGES: readonly IssuerRange[] = [
  r('visa', 4, 4, [13, 16, 19]),
  r('mastercard', 51, 55, [16]),
  r('mastercard', 2221, 2720, [16]),
  r('amex', 34, 34, [15]),
  r('amex', 37, 37, [15]),
  r('discover', 6011, 6011, range(16, 19)),
  r('discover', 644, 649, range(16, 19)),
  r('discover', 65, 65, range(16, 19)),
  r('diners', 300, 305, range(14, 19)),
  r('diners', 36, 36, range(14, 19)),
  r('diners', 38, 39, range(16, 19)),
  r('jcb', 3528, 3589, range(16, 19)),
  r('unionpay', 62, 62, range(16, 19)),
  r('mir', 2200, 2204, range(16, 19)),
  ...[5018, 5020, 5038, 5893, 6304, 6759, 6761, 6762, 6763].map((p) =>
    r('maestro', p, p, range(13, 19)),
  ),
];

/** The card network whose IIN range and length fit these digits, or undefined. */
export function cardNetwork(digits: string): string | undefined {
  for (const issuer of ISSUER_RANGES) {
    const prefix = Number(digits.slice(0, issuer.prefixLength));
    if (prefix >= issuer.from && prefix <= issuer.to && issuer.lengths.includes(digits.length)) {
      return issuer.network;
    }
  }
  return undefined;
}

/** IBAN length by country, from the SWIFT IBAN registry. */
// prettier-ignore
export const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BI: 16, BR: 29,
  BY: 28, CH: 21, CR: 22, CY: 28, CZ: 24, DE: 22, DJ: 27, DK: 18, DO: 28, EE: 20, EG: 29,
  ES: 24, FI: 18, FK: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27, GT: 28,
  HN: 28, HR: 21, HU: 28, IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20,
  LB: 28, LC: 32, LI: 21, LT: 20, LU: 20, LV: 21, LY: 25, MC: 27, MD: 24, ME: 22, MK: 19,
  MN: 20, MR: 27, MT: 31, MU: 30, NI: 28, NL: 18, NO: 15, OM: 23, PK: 24, PL: 28, PS: 29,
  PT: 25, QA: 29, RO: 24, RS: 22, RU: 33, SA: 24, SC: 31, SD: 18, SE: 24, SI: 19, SK: 24,
  SM: 27, SO: 23, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26, UA: 29, VA: 22, VG: 24, XK: 20,
  YE: 30,
};

/**
 * ISO 13616 check: the IBAN (no spaces, upper case) has its country's length, check digits
 * 02-98, and mod 97 of its rearranged digits (letters as 10-35) is 1.
 */
export function isIbanValid(iban: string): boolean {
  if (IBAN_LENGTHS[iban.slice(0, 2)] !== iban.length) return false;
  const check = Number(iban.slice(2, 4));
  if (!(check >= 2 && check <= 98)) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (let i = 0; i < rearranged.length; i++) {
    const code = rearranged.charCodeAt(i);
    if (code >= 48 && code <= 57) remainder = (remainder * 10 + code - 48) % 97;
    else if (code >= 65 && code <= 90) remainder = (remainder * 100 + code - 55) % 97;
    else return false;
  }
  return remainder === 1;
}

// Numbers the SSA never issues, and ones published in advertising that people then used as theirs.
const NEVER_ISSUED_SSNS = new Set(['078051120', '219099999']);

/** US SSN issuance rules: area not 000, 666 or 9xx; group not 00; serial not 0000. */
export function isSsnValid(area: string, group: string, serial: string): boolean {
  const a = Number(area);
  return (
    a !== 0 &&
    a !== 666 &&
    a < 900 &&
    group !== '00' &&
    serial !== '0000' &&
    !NEVER_ISSUED_SSNS.has(area + group + serial)
  );
}
