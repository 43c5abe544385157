import { findLicense, type LicenseEntry } from '../governance/licenses.js';

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
 * The licence of scored output: the most restrictive of the scored data's and the model's
 * (a dataset version carries one id; on a tie the data's own licence is kept).
 */
export function outputLicenseId(
  datasetLicense: string,
  modelLicenseIds: readonly string[],
): string {
  let strictest = findLicense(datasetLicense) ?? findLicense('other')!;
  for (const id of modelLicenseIds) {
    // An id the catalogue no longer knows is `other`: unknown terms, a human decides.
    const entry = findLicense(id) ?? findLicense('other')!;
    if (restrictiveness(entry) > restrictiveness(strictest)) strictest = entry;
  }
  return strictest.id;
}
