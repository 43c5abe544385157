import type { ModelLicense } from '@aistudio/contracts';
import { AppError } from '../../http/errors.js';
import {
  buildAttributionText,
  combineObligations,
  findLicense,
  stricterTier,
  type LicenseEntry,
  type LicenseTier,
} from '../governance/licenses.js';

/** One licensed input of a model: a training dataset version, or the uploader's declaration. */
export interface LicensedSource {
  /** Shown in the attribution line, e.g. `penguins (version 2)`. */
  title: string;
  licenseId: string;
}

// Hugging Face's licence ids differ from SPDX for a few data licences; ours without an SPDX id are `other`.
const HF_IDS: Record<string, string> = {
  'ODbL-1.0': 'odbl',
  'PDDL-1.0': 'pddl',
  'ODC-By-1.0': 'odc-by',
  'GPL-2.0-only': 'gpl-2.0',
  'GPL-3.0-only': 'gpl-3.0',
  'LGPL-2.1-only': 'lgpl-2.1',
  'LGPL-3.0-only': 'lgpl-3.0',
  'AGPL-3.0-only': 'agpl-3.0',
};
const NOT_SPDX = new Set([
  'user-owned',
  'research-only',
  'fair-use',
  'other',
  'proprietary',
  'no-license',
]);

function hfId(id: string): string {
  if (NOT_SPDX.has(id)) return 'other';
  return HF_IDS[id] ?? id.toLowerCase();
}

/**
 * The licence of a model: the strictest of its sources' (every duty of every licence applies, so
 * non-commercial data gives a non-commercial model), with each source's attribution line carried.
 */
export function inheritLicense(sources: readonly LicensedSource[]): ModelLicense {
  const entries: { source: LicensedSource; entry: LicenseEntry }[] = sources.map((source) => ({
    source,
    // An id the catalogue no longer knows is treated as `other`: unknown terms, a human decides.
    entry: findLicense(source.licenseId) ?? findLicense('other')!,
  }));
  const duties = combineObligations(entries.map((e) => e.entry.obligations));
  const ids = [...new Set(entries.map((e) => e.entry.id))];
  const tier = entries.reduce<LicenseTier>((t, e) => stricterTier(t, e.entry.tier), 'allowed');
  const restrictive = (e: LicenseEntry) =>
    e.tier !== 'allowed' ||
    e.obligations.nonCommercial ||
    e.obligations.noDerivatives ||
    e.obligations.researchOnly;
  return {
    licenseIds: ids,
    spdx: ids.length === 1 ? hfId(ids[0]!) : 'other',
    tier,
    allowsCommercialUse: !duties.nonCommercial && !duties.researchOnly,
    allowsDerivatives: !duties.noDerivatives,
    requiresAttribution: duties.attribution,
    shareAlike: duties.shareAlike,
    researchOnly: duties.researchOnly,
    attribution: entries
      .filter((e) => e.entry.obligations.attribution)
      .map((e) => buildAttributionText({ title: e.source.title, licenseName: e.entry.name })),
    reasons: [
      ...new Set(
        entries.filter((e) => restrictive(e.entry)).map((e) => `${e.entry.id}: ${e.entry.reason}`),
      ),
    ],
  };
}

/** What a version is about to be used for outside the registry. */
export type LicensedUse = 'export' | 'deploy' | 'batch-score';

/** The licence facts and override a use check needs (a model version row has both). */
export interface LicenseHolder {
  license: unknown;
  licenseOverride: unknown;
}

/** Why the licence forbids the use, or null when it allows it (or an admin overrode it). */
export function licenseRefusal(version: LicenseHolder, use: LicensedUse): string | null {
  if (version.licenseOverride) return null;
  const license = version.license as ModelLicense;
  const problems: string[] = [];
  if (!license.allowsCommercialUse) {
    problems.push(
      license.researchOnly
        ? 'its training data is licensed for research use only'
        : 'its training data is licensed for non-commercial use only',
    );
  }
  if (!license.allowsDerivatives) {
    problems.push('its training data forbids derivatives, which a trained model may be');
  }
  if (problems.length === 0) return null;
  const verb = { export: 'exported', deploy: 'deployed', 'batch-score': 'used for batch scoring' }[
    use
  ];
  return (
    `This model version cannot be ${verb}: ${problems.join('; ')} (${license.licenseIds.join(', ')}). ` +
    'An org admin may record an override with a reason (POST …/licence-override) if the use is permitted.'
  );
}

/** A use the version's licence forbids: 403 with the reason and the way out. */
export class LicenseRestrictedError extends AppError {
  readonly status = 403;
  readonly code = 'license_restricted';
  readonly title = 'Forbidden by the licence of the training data';
  constructor(detail: string) {
    super(detail, { errors: [{ field: 'license', message: detail }] });
  }
}

/** Throws LicenseRestrictedError unless the licence (or an override) allows the use; deployments call this too. */
export function assertLicenseAllows(version: LicenseHolder, use: LicensedUse): void {
  const refusal = licenseRefusal(version, use);
  if (refusal) throw new LicenseRestrictedError(refusal);
}
