import { ValidationError } from '../../http/errors.js';

/** What AI Studio does with data under a licence: take it, hold it for a human, or refuse it. */
export type LicenseTier = 'allowed' | 'review' | 'prohibited';

/** Duties that travel with the data to its derived versions and to models trained on it. */
export interface LicenseObligations {
  /** Record the attribution text (title, author, source, licence) and show it with the data. */
  attribution: boolean;
  /** Derived dataset versions (SQL results, masked copies) must carry the same licence. */
  shareAlike: boolean;
  /** Models trained on the data are flagged non-commercial. */
  nonCommercial: boolean;
  /** Adaptations are not licensed: transforms and models may breach the terms. */
  noDerivatives: boolean;
  /** Use is limited to research or teaching; flagged on models like non-commercial. */
  researchOnly: boolean;
}

export interface LicenseEntry {
  /** SPDX identifier, or one of our own ids for what SPDX does not name (`user-owned`, …). */
  id: string;
  name: string;
  tier: LicenseTier;
  /** Why the licence sits in its tier, shown to the uploader. */
  reason: string;
  obligations: LicenseObligations;
}

export interface LicenseClassification {
  licenseId: string;
  name: string;
  tier: LicenseTier;
  reason: string;
  obligations: LicenseObligations;
}

const NONE: LicenseObligations = {
  attribution: false,
  shareAlike: false,
  nonCommercial: false,
  noDerivatives: false,
  researchOnly: false,
};
const ATTRIBUTION = { ...NONE, attribution: true };
const SHARE_ALIKE = { ...ATTRIBUTION, shareAlike: true };

const PUBLIC_DOMAIN = 'dedicated to the public domain: no conditions';
const PERMISSIVE = 'permissive: use, adaptation and commercial use allowed with attribution';
// Share-alike data is allowed: the licence binds derived datasets, which inherit it here; a model
// is a produced work (ODbL §4.5), so it gets a notice, not the licence.
const SHARE_ALIKE_REASON =
  'share-alike: allowed; derived dataset versions keep this licence and models carry a notice';
// GPL is written for programs ("source code", "object code"); what it requires of a dataset and
// of a model trained on it is unsettled (AGPL may even reach a serving endpoint), so a human decides.
const GPL_REASON =
  'a software copyleft licence: its terms for data and for trained models are unclear; needs review';

function entry(
  id: string,
  name: string,
  tier: LicenseTier,
  reason: string,
  obligations: LicenseObligations,
): LicenseEntry {
  return { id, name, tier, reason, obligations };
}

function creativeCommons(): LicenseEntry[] {
  const versions = ['1.0', '2.0', '2.5', '3.0', '4.0'];
  const variants = [
    {
      suffix: 'BY',
      label: 'Attribution',
      tier: 'allowed',
      reason: PERMISSIVE,
      duties: ATTRIBUTION,
    },
    {
      suffix: 'BY-SA',
      label: 'Attribution-ShareAlike',
      tier: 'allowed',
      reason: SHARE_ALIKE_REASON,
      duties: SHARE_ALIKE,
    },
    {
      suffix: 'BY-ND',
      label: 'Attribution-NoDerivatives',
      tier: 'review',
      reason: 'no derivatives: cleaning, transforms and trained models may be adaptations',
      duties: { ...ATTRIBUTION, noDerivatives: true },
    },
    {
      suffix: 'BY-NC',
      label: 'Attribution-NonCommercial',
      tier: 'review',
      reason: 'non-commercial only: models trained on it must not be used commercially',
      duties: { ...ATTRIBUTION, nonCommercial: true },
    },
    {
      suffix: 'BY-NC-SA',
      label: 'Attribution-NonCommercial-ShareAlike',
      tier: 'review',
      reason: 'non-commercial and share-alike: commercial use is excluded',
      duties: { ...SHARE_ALIKE, nonCommercial: true },
    },
    {
      suffix: 'BY-NC-ND',
      label: 'Attribution-NonCommercial-NoDerivatives',
      tier: 'review',
      reason: 'non-commercial, no derivatives: training itself may breach the terms',
      duties: { ...ATTRIBUTION, nonCommercial: true, noDerivatives: true },
    },
  ] as const;
  return variants.flatMap((v) =>
    versions.map((version) =>
      entry(
        `CC-${v.suffix}-${version}`,
        `Creative Commons ${v.label} ${version}`,
        v.tier,
        v.reason,
        v.duties,
      ),
    ),
  );
}

function gnu(): LicenseEntry[] {
  const families = [
    { id: 'GPL', name: 'GNU General Public License', versions: ['2.0', '3.0'] },
    { id: 'LGPL', name: 'GNU Lesser General Public License', versions: ['2.1', '3.0'] },
    { id: 'AGPL', name: 'GNU Affero General Public License', versions: ['3.0'] },
  ];
  return families.flatMap((f) =>
    f.versions.flatMap((v) => [
      entry(`${f.id}-${v}-only`, `${f.name} v${v} only`, 'review', GPL_REASON, SHARE_ALIKE),
      entry(`${f.id}-${v}-or-later`, `${f.name} v${v} or later`, 'review', GPL_REASON, SHARE_ALIKE),
    ]),
  );
}

/** The curated licence table: every identifier an upload may declare, with its tier and duties. */
export const LICENSES: readonly LicenseEntry[] = [
  entry(
    'user-owned',
    'Owned by the uploader',
    'allowed',
    'the uploader attests they own the data or hold the rights to it',
    NONE,
  ),
  entry('CC0-1.0', 'Creative Commons Zero 1.0 Universal', 'allowed', PUBLIC_DOMAIN, NONE),
  entry(
    'PDDL-1.0',
    'Open Data Commons Public Domain Dedication and License',
    'allowed',
    PUBLIC_DOMAIN,
    NONE,
  ),
  entry(
    'CC-PDDC',
    'Creative Commons Public Domain Dedication and Certification',
    'allowed',
    PUBLIC_DOMAIN,
    NONE,
  ),
  entry('Unlicense', 'The Unlicense', 'allowed', PUBLIC_DOMAIN, NONE),
  entry('0BSD', 'BSD Zero Clause License', 'allowed', PUBLIC_DOMAIN, NONE),
  entry('MIT-0', 'MIT No Attribution', 'allowed', PUBLIC_DOMAIN, NONE),
  entry('MIT', 'MIT License', 'allowed', PERMISSIVE, ATTRIBUTION),
  entry('Apache-2.0', 'Apache License 2.0', 'allowed', PERMISSIVE, ATTRIBUTION),
  entry('BSD-2-Clause', 'BSD 2-Clause License', 'allowed', PERMISSIVE, ATTRIBUTION),
  entry('BSD-3-Clause', 'BSD 3-Clause License', 'allowed', PERMISSIVE, ATTRIBUTION),
  entry('ISC', 'ISC License', 'allowed', PERMISSIVE, ATTRIBUTION),
  entry(
    'ODC-By-1.0',
    'Open Data Commons Attribution License 1.0',
    'allowed',
    PERMISSIVE,
    ATTRIBUTION,
  ),
  entry(
    'CDLA-Permissive-1.0',
    'Community Data License Agreement Permissive 1.0',
    'allowed',
    PERMISSIVE,
    ATTRIBUTION,
  ),
  entry(
    'CDLA-Permissive-2.0',
    'Community Data License Agreement Permissive 2.0',
    'allowed',
    PERMISSIVE,
    ATTRIBUTION,
  ),
  entry('OGL-UK-3.0', 'Open Government Licence v3.0', 'allowed', PERMISSIVE, ATTRIBUTION),
  entry(
    'ODbL-1.0',
    'Open Data Commons Open Database License 1.0',
    'allowed',
    SHARE_ALIKE_REASON,
    SHARE_ALIKE,
  ),
  entry(
    'CDLA-Sharing-1.0',
    'Community Data License Agreement Sharing 1.0',
    'allowed',
    SHARE_ALIKE_REASON,
    SHARE_ALIKE,
  ),
  ...creativeCommons(),
  ...gnu(),
  entry(
    'research-only',
    'Research or academic use only',
    'review',
    'research or academic use only: commercial use and deployment are excluded',
    { ...ATTRIBUTION, researchOnly: true, nonCommercial: true },
  ),
  entry(
    'fair-use',
    'Claimed fair use',
    'review',
    'no licence; use rests on a fair-use claim that a human must judge',
    ATTRIBUTION,
  ),
  entry(
    'other',
    'Other licence',
    'review',
    'a licence not in our list: a human must read its terms',
    NONE,
  ),
  entry(
    'proprietary',
    'Proprietary, all rights reserved',
    'prohibited',
    'all rights reserved: no permission to copy or train on this data',
    NONE,
  ),
  entry(
    'no-license',
    'No licence',
    'prohibited',
    'no licence: without one, copyright forbids copying the data',
    NONE,
  ),
];

/** Spellings seen in the wild (Hugging Face cards, Frictionless and Open Definition ids). */
const ALIASES: Record<string, string> = {
  cc0: 'CC0-1.0',
  'cc-zero': 'CC0-1.0',
  'public-domain': 'CC-PDDC',
  'odc-pddl': 'PDDL-1.0',
  'odc-pddl-1.0': 'PDDL-1.0',
  pddl: 'PDDL-1.0',
  'odc-by': 'ODC-By-1.0',
  odbl: 'ODbL-1.0',
  'odc-odbl': 'ODbL-1.0',
  'odc-odbl-1.0': 'ODbL-1.0',
  'cc-by': 'CC-BY-4.0',
  'cc-by-sa': 'CC-BY-SA-4.0',
  'cc-by-nc': 'CC-BY-NC-4.0',
  'cc-by-nc-sa': 'CC-BY-NC-SA-4.0',
  'cc-by-nc-nd': 'CC-BY-NC-ND-4.0',
  'cc-by-nd': 'CC-BY-ND-4.0',
  'apache 2.0': 'Apache-2.0',
  apache: 'Apache-2.0',
  'bsd-2': 'BSD-2-Clause',
  'bsd-3': 'BSD-3-Clause',
  // SPDX deprecated the bare GNU ids; each means the "-only" variant.
  'gpl-2.0': 'GPL-2.0-only',
  'gpl-3.0': 'GPL-3.0-only',
  gpl: 'GPL-3.0-only',
  'lgpl-2.1': 'LGPL-2.1-only',
  'lgpl-3.0': 'LGPL-3.0-only',
  lgpl: 'LGPL-3.0-only',
  'agpl-3.0': 'AGPL-3.0-only',
  unknown: 'no-license',
  none: 'no-license',
  'all-rights-reserved': 'proprietary',
  'academic-only': 'research-only',
  'non-commercial-research': 'research-only',
};

const byId = new Map<string, LicenseEntry>(LICENSES.map((l) => [l.id.toLowerCase(), l]));

/** Every identifier `classifyLicense` accepts, in table order (for the upload form's list). */
export const LICENSE_IDS: readonly string[] = LICENSES.map((l) => l.id);

/** The catalogue entry for an id or a known alias, case-insensitively; undefined when unknown. */
export function findLicense(id: string): LicenseEntry | undefined {
  const key = id.trim().toLowerCase().replace(/\s+/g, ' ');
  const hyphenated = key.replace(/ /g, '-');
  return (
    byId.get(key) ??
    byId.get(hyphenated) ??
    byId.get(ALIASES[key]?.toLowerCase() ?? '') ??
    byId.get(ALIASES[hyphenated]?.toLowerCase() ?? '')
  );
}

/**
 * Tier, reason and obligations of a declared licence. `user-owned` is allowed only with the
 * uploader's attestation; an unknown identifier is rejected with the list of accepted ones.
 */
export function classifyLicense(id: string, options: { attested: boolean }): LicenseClassification {
  const found = findLicense(id);
  if (!found) {
    throw ValidationError.field(
      'license',
      `unknown licence "${id}"; use an SPDX identifier from this list: ${LICENSE_IDS.join(', ')} ` +
        '(or "other" for a licence not listed, which sends the dataset to review)',
    );
  }
  const classification: LicenseClassification = {
    licenseId: found.id,
    name: found.name,
    tier: found.tier,
    reason: found.reason,
    obligations: { ...found.obligations },
  };
  if (found.id === 'user-owned' && !options.attested) {
    return {
      ...classification,
      tier: 'prohibited',
      reason: 'declared as owned by the uploader, but the ownership attestation was not accepted',
    };
  }
  return classification;
}

const TIER_RANK: Record<LicenseTier, number> = { allowed: 0, review: 1, prohibited: 2 };

/** The stricter of two tiers (prohibited > review > allowed). */
export function stricterTier(a: LicenseTier, b: LicenseTier): LicenseTier {
  return TIER_RANK[a] >= TIER_RANK[b] ? a : b;
}

/** Obligations of data under several licences at once: every duty of each applies. */
export function combineObligations(list: readonly LicenseObligations[]): LicenseObligations {
  const combined = { ...NONE };
  for (const o of list) {
    for (const key of Object.keys(combined) as (keyof LicenseObligations)[]) {
      combined[key] ||= o[key];
    }
  }
  return combined;
}

/** The parts of a TASL attribution (Title, Author, Source, Licence), as Creative Commons advises. */
export interface AttributionParts {
  title?: string;
  authors?: readonly string[];
  source?: string;
  licenseName: string;
  licenseUrl?: string;
}

/** The attribution line recorded with a dataset version and shown wherever its data is used. */
export function buildAttributionText(parts: AttributionParts): string {
  const title = parts.title?.trim() ? `"${parts.title.trim()}"` : 'This dataset';
  const authors = (parts.authors ?? []).map((a) => a.trim()).filter(Boolean);
  const by = authors.length > 0 ? ` by ${authors.join(', ')}` : '';
  const source = parts.source?.trim() ? ` (${parts.source.trim()})` : '';
  const url = parts.licenseUrl?.trim() ? ` (${parts.licenseUrl.trim()})` : '';
  return `${title}${by}${source}, licensed under ${parts.licenseName}${url}.`;
}
