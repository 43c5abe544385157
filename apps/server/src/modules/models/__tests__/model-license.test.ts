import { describe, expect, it } from 'vitest';
import { inheritLicense, licenseRefusal } from '../model-license.js';

describe('inheritLicense', () => {
  it('keeps the strictest duties of all the training data and carries every attribution', () => {
    const license = inheritLicense([
      { title: 'census (version 2)', licenseId: 'CC0-1.0' },
      { title: 'survey (version 1)', licenseId: 'cc-by-nc' },
      { title: 'roads (version 4)', licenseId: 'ODbL-1.0' },
    ]);
    expect(license).toMatchObject({
      licenseIds: ['CC0-1.0', 'CC-BY-NC-4.0', 'ODbL-1.0'],
      spdx: 'other',
      tier: 'review',
      allowsCommercialUse: false,
      allowsDerivatives: true,
      requiresAttribution: true,
      shareAlike: true,
      researchOnly: false,
    });
    expect(license.attribution).toEqual([
      '"survey (version 1)", licensed under Creative Commons Attribution-NonCommercial 4.0.',
      '"roads (version 4)", licensed under Open Data Commons Open Database License 1.0.',
    ]);
    expect(license.reasons).toEqual([expect.stringMatching(/^CC-BY-NC-4\.0: non-commercial/)]);
  });

  it('names one licence by its Hugging Face id, and our own ids as `other`', () => {
    expect(inheritLicense([{ title: 'a', licenseId: 'ODbL-1.0' }]).spdx).toBe('odbl');
    expect(inheritLicense([{ title: 'a', licenseId: 'MIT' }]).spdx).toBe('mit');
    expect(inheritLicense([{ title: 'a', licenseId: 'user-owned' }]).spdx).toBe('other');
  });

  it('treats an id the catalogue no longer knows as `other`, which needs review', () => {
    expect(inheritLicense([{ title: 'a', licenseId: 'retired-licence' }])).toMatchObject({
      licenseIds: ['other'],
      tier: 'review',
    });
  });
});

describe('licenseRefusal', () => {
  const of = (licenseId: string, licenseOverride: unknown = null) => ({
    license: inheritLicense([{ title: 'data', licenseId }]),
    licenseOverride,
  });

  it('allows export and deployment of a model trained on permissive data', () => {
    expect(licenseRefusal(of('CC-BY-4.0'), 'export')).toBeNull();
    expect(licenseRefusal(of('GPL-3.0-only'), 'deploy')).toBeNull();
  });

  it('refuses non-commercial, research-only and no-derivatives data, saying why and how to proceed', () => {
    expect(licenseRefusal(of('CC-BY-NC-4.0'), 'export')).toMatch(
      /cannot be exported: its training data is licensed for non-commercial use only \(CC-BY-NC-4\.0\).*override/,
    );
    expect(licenseRefusal(of('research-only'), 'deploy')).toMatch(
      /cannot be deployed: its training data is licensed for research use only/,
    );
    expect(licenseRefusal(of('CC-BY-ND-4.0'), 'export')).toMatch(/forbids derivatives/);
  });

  it("lets an admin's recorded override through", () => {
    const override = {
      reason: 'licence bought',
      by: null,
      byName: 'Ada',
      at: '2026-12-03T00:00:00Z',
    };
    expect(licenseRefusal(of('CC-BY-NC-4.0', override), 'export')).toBeNull();
  });
});
