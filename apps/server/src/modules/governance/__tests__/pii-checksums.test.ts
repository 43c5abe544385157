import { describe, expect, it } from 'vitest';
import {
  cardNetwork,
  IBAN_LENGTHS,
  isIbanValid,
  isLuhnValid,
  isSsnValid,
} from '../pii-checksums.js';

describe('isLuhnValid', () => {
  it('accepts the published test card numbers and rejects one digit off', () => {
    for (const n of [
      '4111111111111111',
      '5555555555554444',
      '378282246310005',
      '6011000990139424',
    ]) {
      expect(isLuhnValid(n)).toBe(true);
      const last = Number(n.at(-1));
      expect(isLuhnValid(n.slice(0, -1) + ((last + 1) % 10))).toBe(false);
    }
  });

  it('catches a swap of two adjacent digits', () => {
    expect(isLuhnValid('4111111111111111')).toBe(true);
    expect(isLuhnValid('1411111111111111')).toBe(false);
  });

  it('rejects empty input and non-digits', () => {
    expect(isLuhnValid('')).toBe(false);
    expect(isLuhnValid('4111-1111')).toBe(false);
  });
});

describe('cardNetwork', () => {
  it.each([
    ['4111111111111111', 'visa'],
    ['4222222222222', 'visa'],
    ['5105105105105100', 'mastercard'],
    ['2221000000000009', 'mastercard'],
    ['2720999999999996', 'mastercard'],
    ['378282246310005', 'amex'],
    ['6011111111111117', 'discover'],
    ['30569309025904', 'diners'],
    ['3530111333300000', 'jcb'],
    ['6200000000000005', 'unionpay'],
    ['2200000000000004', 'mir'],
  ])('names the network of %s: %s', (digits, network) => {
    expect(cardNetwork(digits)).toBe(network);
  });

  it('knows no network for other prefixes or lengths', () => {
    expect(cardNetwork('2220999999999999')).toBeUndefined(); // just below Mastercard's 2-series
    expect(cardNetwork('2721000000000000')).toBeUndefined();
    expect(cardNetwork('37828224631000')).toBeUndefined(); // Amex has 15 digits, not 14
    expect(cardNetwork('9111111111111111')).toBeUndefined();
    expect(cardNetwork('1234567812345670')).toBeUndefined();
  });
});

describe('isIbanValid', () => {
  it('accepts registry examples of several lengths (15 to 31)', () => {
    for (const iban of [
      'NO9386011117947',
      'BE68539007547034',
      'GB82WEST12345698765432',
      'FR1420041010050500013M02606',
      'MT84MALT011000012345MTLCAST001S',
    ]) {
      expect(isIbanValid(iban)).toBe(true);
      expect(iban.length).toBe(IBAN_LENGTHS[iban.slice(0, 2)]);
    }
  });

  it('rejects a changed digit, a swapped pair, a wrong length and an unknown country', () => {
    expect(isIbanValid('GB82WEST12345698765433')).toBe(false);
    expect(isIbanValid('GB82WEST12345698765423')).toBe(false);
    expect(isIbanValid('GB82WEST1234569876543')).toBe(false);
    expect(isIbanValid('US82WEST12345698765432')).toBe(false);
  });

  it('rejects check digits 00, 01 and 99, which ISO 13616 never produces', () => {
    expect(isIbanValid('GB00WEST12345698765432')).toBe(false);
    expect(isIbanValid('GB01WEST12345698765432')).toBe(false);
    expect(isIbanValid('GB99WEST12345698765432')).toBe(false);
  });

  it('rejects lower case and spaces (callers pass the electronic form)', () => {
    expect(isIbanValid('gb82west12345698765432')).toBe(false);
    expect(isIbanValid('GB82 WEST 1234 5698 7654 32')).toBe(false);
  });
});

describe('isSsnValid', () => {
  it('applies the area, group and serial rules at their boundaries', () => {
    expect(isSsnValid('001', '01', '0001')).toBe(true);
    expect(isSsnValid('665', '01', '0001')).toBe(true);
    expect(isSsnValid('667', '01', '0001')).toBe(true);
    expect(isSsnValid('899', '99', '9999')).toBe(true);
    expect(isSsnValid('000', '01', '0001')).toBe(false);
    expect(isSsnValid('666', '01', '0001')).toBe(false);
    expect(isSsnValid('900', '01', '0001')).toBe(false);
    expect(isSsnValid('123', '00', '0001')).toBe(false);
    expect(isSsnValid('123', '01', '0000')).toBe(false);
  });

  it('rejects the numbers printed in advertisements', () => {
    expect(isSsnValid('078', '05', '1120')).toBe(false);
    expect(isSsnValid('219', '09', '9999')).toBe(false);
  });
});
