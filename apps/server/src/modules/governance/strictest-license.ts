import { findLicense, type LicenseEntry } from './licenses.js';

const TIER_WEIGHT = { allowed: 0, review: 100, prohibited: 200 } as const;

// Ordered by how much each duty limits what may be done with the data.
function restrictiveness(entry: LicenseEntry): number {
  const o = entry.obligations;
  return (
    TIER_WEIGHT[entry.tier] +
    (o.researchOnly ? 16 : 0) +
    (o.nonCommercial ? 8 : 0) +
    (o.noDerivatives ? 4 : 0) +
    (o.shareAlike ? 2 : 0) +
    (o.attribution ? 1 : 0)
  );
}

/**
 * The licence of data the platform produced from licensed inputs (scored output, a SQL result):
 * the most restrictive of them, as one id (a dataset version carries one; on a tie `first` wins).
 */
export function strictestLicenseId(first: string, others: readonly string[]): string {
  let strictest = findLicense(first) ?? findLicense('other')!;
  for (const id of others) {
    // An id the catalogue no longer knows is `other`: unknown terms, a human decides.
    const entry = findLicense(id) ?? findLicense('other')!;
    if (restrictiveness(entry) > restrictiveness(strictest)) strictest = entry;
  }
  return strictest.id;
}
