import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../http/errors.js';
import {
  buildAttributionText,
  classifyLicense,
  combineObligations,
  findLicense,
  LICENSE_IDS,
  LICENSES,
  stricterTier,
} from '../licenses.js';

const tierOf = (id: string, attested = false) => classifyLicense(id, { attested }).tier;

describe('classifyLicense', () => {
  it.each([
    'CC0-1.0',
    'PDDL-1.0',
    'Unlicense',
    'MIT',
    'Apache-2.0',
    'BSD-2-Clause',
    'BSD-3-Clause',
    'ISC',
    'CC-BY-4.0',
    'CC-BY-3.0',
    'ODC-By-1.0',
    'ODbL-1.0',
    'CC-BY-SA-4.0',
    'CDLA-Permissive-2.0',
  ])('allows %s', (id) => expect(tierOf(id)).toBe('allowed'));

  it.each([
    'CC-BY-NC-4.0',
    'CC-BY-NC-SA-4.0',
    'CC-BY-NC-ND-3.0',
    'CC-BY-ND-4.0',
    'research-only',
    'fair-use',
    'other',
    'GPL-3.0-only',
    'AGPL-3.0-or-later',
    'LGPL-2.1-only',
  ])('sends %s to review', (id) => expect(tierOf(id)).toBe('review'));

  it.each(['proprietary', 'no-license'])('prohibits %s', (id) =>
    expect(tierOf(id)).toBe('prohibited'),
  );

  it('allows user-owned data only with the attestation', () => {
    expect(classifyLicense('user-owned', { attested: true }).tier).toBe('allowed');
    expect(classifyLicense('user-owned', { attested: false })).toMatchObject({
      tier: 'prohibited',
      reason: 'declared as owned by the uploader, but the ownership attestation was not accepted',
    });
  });

  it('states the obligations that travel with the data', () => {
    expect(classifyLicense('CC-BY-4.0', { attested: false }).obligations).toEqual({
      attribution: true,
      shareAlike: false,
      nonCommercial: false,
      noDerivatives: false,
      researchOnly: false,
    });
    expect(classifyLicense('ODbL-1.0', { attested: false })).toMatchObject({
      obligations: { attribution: true, shareAlike: true, nonCommercial: false },
      reason: expect.stringContaining('derived dataset versions keep this licence'),
    });
    expect(classifyLicense('CC-BY-NC-SA-4.0', { attested: false }).obligations).toMatchObject({
      nonCommercial: true,
      shareAlike: true,
    });
    expect(classifyLicense('CC0-1.0', { attested: false }).obligations.attribution).toBe(false);
  });

  it('says why GPL data goes to review', () => {
    expect(classifyLicense('GPL-3.0-only', { attested: false }).reason).toContain(
      'software copyleft licence',
    );
  });

  it('accepts ids in any case and common aliases, returning the canonical id', () => {
    expect(classifyLicense('cc-by-4.0', { attested: false }).licenseId).toBe('CC-BY-4.0');
    expect(classifyLicense(' odbl ', { attested: false }).licenseId).toBe('ODbL-1.0');
    expect(classifyLicense('gpl-3.0', { attested: false }).licenseId).toBe('GPL-3.0-only');
    expect(classifyLicense('Apache 2.0', { attested: false }).licenseId).toBe('Apache-2.0');
    expect(classifyLicense('unknown', { attested: false }).licenseId).toBe('no-license');
  });

  it('rejects an unknown identifier with the list of accepted ones', () => {
    let error: unknown;
    try {
      classifyLicense('WTFPL-ish', { attested: false });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    const message = (error as ValidationError).message;
    expect(message).toMatch(/^license: unknown licence "WTFPL-ish"; use an SPDX identifier/);
    for (const id of ['CC0-1.0', 'MIT', 'user-owned', 'other']) expect(message).toContain(id);
    expect((error as ValidationError).errors).toEqual([
      { field: 'license', message: expect.stringContaining('unknown licence') },
    ]);
  });
});

describe('the licence table', () => {
  it('has unique ids, each findable, and a reason for every tier', () => {
    expect(new Set(LICENSE_IDS).size).toBe(LICENSES.length);
    for (const l of LICENSES) {
      expect(findLicense(l.id)?.id).toBe(l.id);
      expect(l.reason.length).toBeGreaterThan(10);
    }
  });

  it('marks every non-commercial licence non-commercial and puts it in review', () => {
    for (const l of LICENSES.filter((x) => x.id.includes('-NC'))) {
      expect(l.obligations.nonCommercial).toBe(true);
      expect(l.tier).toBe('review');
    }
  });
});

describe('tiers and obligations of several licences', () => {
  it('orders tiers prohibited > review > allowed', () => {
    expect(stricterTier('allowed', 'review')).toBe('review');
    expect(stricterTier('prohibited', 'review')).toBe('prohibited');
    expect(stricterTier('allowed', 'allowed')).toBe('allowed');
  });

  it('applies every duty of each licence', () => {
    const by = classifyLicense('CC-BY-4.0', { attested: false }).obligations;
    const nc = classifyLicense('CC-BY-NC-4.0', { attested: false }).obligations;
    const sa = classifyLicense('ODbL-1.0', { attested: false }).obligations;
    expect(combineObligations([by, nc, sa])).toEqual({
      attribution: true,
      shareAlike: true,
      nonCommercial: true,
      noDerivatives: false,
      researchOnly: false,
    });
  });
});

describe('buildAttributionText', () => {
  it('writes title, authors, source and licence', () => {
    expect(
      buildAttributionText({
        title: 'Palmer Penguins',
        authors: ['A. Horst', ' K. Gorman '],
        source: 'https://example.org/penguins',
        licenseName: 'CC0 1.0',
        licenseUrl: 'https://creativecommons.org/publicdomain/zero/1.0/',
      }),
    ).toBe(
      '"Palmer Penguins" by A. Horst, K. Gorman (https://example.org/penguins), licensed under ' +
        'CC0 1.0 (https://creativecommons.org/publicdomain/zero/1.0/).',
    );
  });

  it('falls back to "This dataset" and skips missing parts', () => {
    expect(buildAttributionText({ licenseName: 'MIT License' })).toBe(
      'This dataset, licensed under MIT License.',
    );
  });
});
