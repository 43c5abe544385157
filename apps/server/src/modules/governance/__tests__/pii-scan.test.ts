import { describe, expect, it } from 'vitest';
import { ColumnPiiScanner, scanColumns } from '../pii-scan.js';

/** Appends the Luhn check digit to a digit string. */
function withLuhnDigit(body: string): string {
  let sum = 0;
  for (let i = body.length - 1, double = true; i >= 0; i--, double = !double) {
    let d = Number(body[i]);
    if (double) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return body + ((10 - (sum % 10)) % 10);
}

describe('ColumnPiiScanner', () => {
  it('counts rows, matches, share over non-empty values and keeps three masked examples', () => {
    const report = new ColumnPiiScanner('contact')
      .addAll([
        'ann@example.com',
        'bob@example.org, cc carl@example.net',
        'dee@example.com',
        'eve@example.com',
        null,
        '',
        'no address here',
      ])
      .report();
    expect(report).toEqual({
      column: 'contact',
      rowsScanned: 7,
      emptyValues: 2,
      kinds: {
        email: {
          rows: 4,
          matches: 5,
          share: 4 / 5,
          examples: ['a***@e***.com', 'b***@e***.org', 'c***@e***.net'],
        },
      },
      copyright: null,
    });
  });

  it('finds card numbers stored as integers and bigints', () => {
    const report = new ColumnPiiScanner('pan')
      .addAll([4111111111111111, 5555555555554444n])
      .report();
    expect(report.kinds.payment_card).toMatchObject({ rows: 2, matches: 2, share: 1 });
    expect(report.kinds.payment_card!.examples).toEqual(['************1111', '************4444']);
  });

  it('ignores the Luhn-valid tenth of a column of long integer ids', () => {
    // 40 ids with a Visa prefix: the ones ending in their Luhn digit pass by chance.
    const ids = Array.from({ length: 40 }, (_, i) => `4${String(1e14 + i * 7919)}`);
    const passing = ids.filter((id) => withLuhnDigit(id.slice(0, -1)) === id);
    expect(passing.length).toBeGreaterThan(0);
    expect(new ColumnPiiScanner('id').addAll(ids).report().kinds).toEqual({});
  });

  it('trusts bare numbers in a column where most candidates pass Luhn', () => {
    const cards = Array.from({ length: 30 }, (_, i) =>
      withLuhnDigit(`4${String(1e13 + i * 7919)}`),
    );
    const report = new ColumnPiiScanner('pan').addAll([...cards, '4000000000000001']).report();
    expect(report.kinds.payment_card).toMatchObject({ rows: 30, matches: 30 });
  });

  it('counts several kinds in one free-text column', () => {
    const report = new ColumnPiiScanner('notes')
      .addAll([
        'Reach me at +44 20 7946 0958 from 203.0.113.7',
        'SSN 123-45-6789, IBAN DE89 3704 0044 0532 0130 00',
        'ordinary note',
      ])
      .report();
    expect(Object.keys(report.kinds)).toEqual(['phone', 'iban', 'us_ssn', 'ipv4']);
    expect(report.kinds.us_ssn!.examples).toEqual(['***-**-6789']);
    expect(report.kinds.ipv4!.share).toBeCloseTo(1 / 3, 12);
  });

  it('flags copyright notices with an excerpt, and not "(c)" list items', () => {
    const report = new ColumnPiiScanner('text')
      .addAll([
        '© 2021 Example Press',
        'Text (c) 2019 Jane Roe. All rights reserved.',
        'Copyright Example Corp',
        'options (a), (b) and (c) apply',
        'nothing',
      ])
      .report();
    expect(report.copyright).toEqual({
      rows: 3,
      share: 3 / 5,
      examples: [
        '© 2021 Example Press',
        'Text (c) 2019 Jane Roe. All rights reserved…',
        'Copyright Example Corp',
      ],
    });
  });

  it('shortens long copyright excerpts around the notice', () => {
    const text = `${'x'.repeat(100)} all rights reserved ${'y'.repeat(100)}`;
    const report = new ColumnPiiScanner('t').addAll([text]).report();
    expect(report.copyright!.examples).toEqual([
      `…${'x'.repeat(29)} all rights reserved ${'y'.repeat(29)}…`,
    ]);
  });

  it('reports zero shares for an all-empty column and skips non-text values', () => {
    const report = new ColumnPiiScanner('c').addAll([null, undefined, true, new Date(0)]).report();
    expect(report).toEqual({
      column: 'c',
      rowsScanned: 4,
      emptyValues: 2,
      kinds: {},
      copyright: null,
    });
  });
});

describe('scanColumns', () => {
  it('scans each column of a table', () => {
    const report = scanColumns({ id: [1, 2], email: ['a@example.com', 'b@example.com'] });
    expect(report.columns.map((c) => [c.column, Object.keys(c.kinds)])).toEqual([
      ['id', []],
      ['email', ['email']],
    ]);
  });
});
