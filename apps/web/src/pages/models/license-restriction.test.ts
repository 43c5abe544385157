import type { ModelVersion } from '@aistudio/contracts';
import { ApiError } from '@aistudio/sdk';
import { describe, expect, it } from 'vitest';
import { licenseRefusal, licenseRestrictions, needsLicenseOverride } from './license-restriction';

const license = (changes: Partial<ModelVersion['license']> = {}): ModelVersion['license'] => ({
  licenseIds: ['CC-BY-4.0'],
  spdx: 'cc-by-4.0',
  tier: 'allowed',
  allowsCommercialUse: true,
  allowsDerivatives: true,
  requiresAttribution: true,
  shareAlike: false,
  researchOnly: false,
  attribution: [],
  reasons: [],
  ...changes,
});

const refused = (code: string) =>
  new ApiError({
    type: 'about:blank',
    title: 'Forbidden by the licence of the training data',
    status: 403,
    detail:
      'This model version cannot be deployed: its training data is licensed for non-commercial use only (CC-BY-NC-4.0). ' +
      'An org admin may record an override with a reason (POST …/licence-override) if the use is permitted.',
    code,
    requestId: 'r1',
  });

describe('licence restrictions of a model version', () => {
  it('names what the licence forbids', () => {
    expect(licenseRestrictions(license())).toEqual([]);
    expect(licenseRestrictions(license({ allowsCommercialUse: false }))).toEqual([
      'no commercial use',
    ]);
    expect(
      licenseRestrictions(
        license({ allowsCommercialUse: false, researchOnly: true, allowsDerivatives: false }),
      ),
    ).toEqual(['research use only', 'no derivatives']);
  });

  it('asks for an override only while a restricted version has none', () => {
    const restricted = license({ allowsDerivatives: false });
    expect(needsLicenseOverride({ license: restricted, licenseOverride: null })).toBe(true);
    expect(needsLicenseOverride({ license: license(), licenseOverride: null })).toBe(false);
    const override = { reason: 'agreed', by: null, byName: 'Ada', at: '2026-12-03T10:00:00Z' };
    expect(needsLicenseOverride({ license: restricted, licenseOverride: override })).toBe(false);
  });

  it("reads the server's reason from a licence refusal, and nothing from other problems", () => {
    expect(licenseRefusal(refused('license_restricted'))).toBe(
      'This model version cannot be deployed: its training data is licensed for non-commercial use only (CC-BY-NC-4.0).',
    );
    expect(licenseRefusal(refused('forbidden'))).toBeNull();
    expect(licenseRefusal(new Error('offline'))).toBeNull();
  });
});
