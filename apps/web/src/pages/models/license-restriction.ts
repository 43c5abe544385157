import type { ModelVersion } from '@aistudio/contracts';
import { ApiError } from '@aistudio/sdk';

type License = ModelVersion['license'];

/** What a version's licence forbids outside the registry, in words; empty when nothing. */
export function licenseRestrictions(license: License): string[] {
  const restrictions: string[] = [];
  if (license.researchOnly) restrictions.push('research use only');
  else if (!license.allowsCommercialUse) restrictions.push('no commercial use');
  if (!license.allowsDerivatives) restrictions.push('no derivatives');
  return restrictions;
}

/** Whether deploying or exporting the version needs an org admin's override first. */
export function needsLicenseOverride(version: Pick<ModelVersion, 'license' | 'licenseOverride'>) {
  return version.licenseOverride === null && licenseRestrictions(version.license).length > 0;
}

/** The server's reason when a deploy or export was refused by the licence, else null. */
export function licenseRefusal(error: unknown): string | null {
  if (!(error instanceof ApiError) || error.problem.code !== 'license_restricted') return null;
  // The detail ends with the API route to override; the page offers its own way instead.
  return error.problem.detail.replace(/\s*An org admin may record an override.*$/, '');
}
