import { describe, expect, it } from 'vitest';
import { findPii, type PiiKind } from '../pii-detectors.js';

const kindsIn = (text: string) => findPii(text).map((m) => `${m.kind}:${m.value}`);

/** Each text must yield exactly this one match of its kind (and nothing else). */
const TRUE_POSITIVES: Record<PiiKind, string[]> = {
  email: [
    'jane.doe@example.com',
    'j_doe+news@mail.example.co.uk',
    'O.Brien@Example.ORG',
    'x1@sub-domain.example.museum',
  ],
  phone: [
    '+14155552671',
    '+1 (415) 555-2671',
    '+44 20 7946 0958',
    '+33 1 23 45 67 89',
    '+49-30-1234567',
    '(415) 555-2671',
    '415-555-2671',
    '415.555.2671',
    '020 7946 0958',
    '07700 900123',
    '01 23 45 67 89',
    '01.23.45.67.89',
    '030-1234567',
  ],
  payment_card: [
    '4111111111111111',
    '4111 1111 1111 1111',
    '4111-1111-1111-1111',
    '5555 5555 5555 4444',
    '2223 0031 2200 3222',
    '3782 822463 10005',
    '371449635398431',
    '6011 1111 1111 1117',
    '3530 1113 3330 0000',
    '3056 930902 5904',
    '4222222222222',
  ],
  iban: [
    'GB82WEST12345698765432',
    'GB82 WEST 1234 5698 7654 32',
    'DE89 3704 0044 0532 0130 00',
    'FR1420041010050500013M02606',
    'NL91ABNA0417164300',
    'BE68539007547034',
    'NO9386011117947',
    'CH9300762011623852957',
    'MT84MALT011000012345MTLCAST001S',
  ],
  us_ssn: ['123-45-6789', '001-01-0001', '665-99-9999', '899-12-3456'],
  ipv4: ['192.168.1.10', '8.8.8.8', '10.0.0.1', '203.0.113.255', '1.2.3.4'],
  ipv6: [
    '2001:db8::1',
    '2001:0db8:85a3:0000:0000:8a2e:0370:7334',
    'fe80::1ff:fe23:4567:890a',
    '::ffff:192.0.2.128',
    '2001:db8:0:0:1::1',
  ],
};

describe('findPii true positives', () => {
  for (const [kind, samples] of Object.entries(TRUE_POSITIVES)) {
    for (const sample of samples) {
      it(`finds the ${kind} ${sample} alone and inside a sentence`, () => {
        expect(kindsIn(sample)).toEqual([`${kind}:${sample}`]);
        expect(kindsIn(`Contact: ${sample}, thanks.`)).toEqual([`${kind}:${sample}`]);
      });
    }
  }

  it('counts each occurrence in a text and reports its position', () => {
    const text = 'a@example.com or b@example.org; call 415-555-2671';
    expect(findPii(text)).toEqual([
      { kind: 'email', start: 0, end: 13, value: 'a@example.com' },
      { kind: 'email', start: 17, end: 30, value: 'b@example.org' },
      { kind: 'phone', start: 37, end: 49, value: '415-555-2671' },
    ]);
  });

  it('reads an IBAN to its country length even when text follows', () => {
    expect(kindsIn('IBAN GB82 WEST 1234 5698 7654 32 BIC NWBKGB2L')).toEqual([
      'iban:GB82 WEST 1234 5698 7654 32',
    ]);
  });

  it('restricts the search to the kinds asked for', () => {
    expect(findPii('a@example.com 8.8.8.8', new Set(['ipv4'])).map((m) => m.kind)).toEqual([
      'ipv4',
    ]);
  });
});

/** Texts that look like personal data but are not: none may match. */
const LOOK_ALIKES: Record<string, string[]> = {
  email: [
    'user@localhost',
    'lodash@4.17.21',
    '@handle',
    'icon@2x.png',
    'logo@3x.jpg',
    'a@b.c',
    'john..doe@example.com',
    'name@example',
  ],
  phone: [
    '4155552671',
    '2019-03-14',
    '14.03.2019',
    '01.02.2019',
    '01-02-2019 10:30',
    '0.123456789',
    '1.2.3',
    '10.0.19041.1',
    '123-456-7890',
    '+05:30',
    '+1.234.567',
    '12345678901',
    '0-306-40615-2',
    'v2.14.1',
    '3.14159265358979',
  ],
  payment_card: [
    '4111111111111112',
    '4111 1111 1111 111',
    '0000 0000 0000 0000',
    '1234567812345670',
    '9111111111111111',
    '1700000000000',
    '41111 11111 111111',
    '4111 1111-1111 1111',
    '550e8400-e29b-41d4-a716-446655440000',
    '3.4111111111111111',
  ],
  iban: [
    'GB82WEST12345698765433',
    'GB82WEST1234569876543',
    'GB82WEST123456987654321',
    'XX82WEST12345698765432',
    'US0378331005',
    'DEUTDEFF',
    'GB00WEST12345698765432',
    'AB12 CDEF GHIJ KLMN',
  ],
  us_ssn: [
    '000-12-3456',
    '666-12-3456',
    '900-12-3456',
    '999-99-9999',
    '123-00-4567',
    '123-45-0000',
    '078-05-1120',
    '219-09-9999',
    '123456789',
    '123-45-67890',
    '12345-6789',
    '2019-03-14',
  ],
  ipv4: [
    '1.2.3',
    '256.1.1.1',
    '1.2.3.4.5',
    '01.02.03.04',
    '0.0.0.0',
    '127.0.0.1',
    '255.255.255.255',
    'version 1.2.3.4',
    'v1.2.3.4',
    '1.3.6.1.4.1.311',
    '192.168.1',
  ],
  ipv6: [
    '12:30:45',
    '2019-03-14T12:30:45Z',
    '00:1A:2B:3C:4D:5E',
    'std::vector',
    'bad::add',
    '::',
    '::1',
    'a:b',
    'dead:beef',
    'Foo::Bar::baz',
    '1:2:3:4:5:6:7:8:9',
  ],
  none: [
    '',
    'hello world',
    '42',
    '3.14',
    '1e+21',
    '$1,234,567.89',
    'ISBN 978-0-306-40615-7',
    'Order #100234 shipped',
    'SKU AB-1234-XY',
    '2024-01-31T23:59:59.999Z',
  ],
};

describe('findPii look-alikes', () => {
  for (const [kind, samples] of Object.entries(LOOK_ALIKES)) {
    for (const sample of samples) {
      it(`does not take the ${kind} look-alike "${sample}" for personal data`, () => {
        expect(kindsIn(sample)).toEqual([]);
      });
    }
  }
});
