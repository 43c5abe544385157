import { UnprocessableError } from '../../http/errors.js';
import { readFrontMatter, type YamlValue } from './front-matter.js';
import { recogniseLicenses } from './license-text.js';
import {
  classifyLicense,
  combineObligations,
  stricterTier,
  type LicenseClassification,
} from './licenses.js';

/** A metadata file that came with an upload: `datapackage.json`, a README card, a LICENSE. */
export interface MetadataFile {
  name: string;
  text: string;
}

/** A licence named by upload metadata; `licenseId` is null when the name is not recognised. */
export interface LicenseFinding {
  licenseId: string | null;
  /** The file the licence was read from. */
  source: string;
  /** Where in the file and what it said, e.g. `licenses[0].name "CC0-1.0"`. */
  evidence: string;
}

/** Metadata files are read whole; anything larger is not a licence or card. */
export const MAX_METADATA_CHARS = 1_000_000;

const LICENSE_FILE = /^(licen[cs]e|copying)(\.(txt|md|markdown))?$/i;
const CARD_FILE = /\.(md|markdown)$/i;

/**
 * Licences declared by the metadata files of an upload. Files that are none of a Frictionless
 * `datapackage.json`, a Markdown card with YAML front matter, or a LICENSE/COPYING text are
 * ignored. Malformed metadata is an error naming the file and place.
 */
export function detectLicenses(files: readonly MetadataFile[]): LicenseFinding[] {
  return files.flatMap((file) => {
    const name = baseName(file.name);
    if (file.text.length > MAX_METADATA_CHARS) {
      throw new UnprocessableError(
        `${name}: ${file.text.length} characters; metadata files are limited to ${MAX_METADATA_CHARS}`,
      );
    }
    if (name.toLowerCase() === 'datapackage.json') return fromDataPackage(file.text, name);
    if (LICENSE_FILE.test(name)) return fromLicenseText(file.text, name);
    if (CARD_FILE.test(name)) return fromCard(file.text, name);
    return [];
  });
}

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

function fromLicenseText(text: string, source: string): LicenseFinding[] {
  const found = recogniseLicenses(text);
  if (found.length === 0) {
    return [{ licenseId: null, source, evidence: 'the licence text matches no known licence' }];
  }
  return found.map((f) => ({ licenseId: f.licenseId, source, evidence: `"${f.evidence}"` }));
}

function fromDataPackage(text: string, source: string): LicenseFinding[] {
  let pkg: unknown;
  try {
    pkg = JSON.parse(text);
  } catch (error) {
    throw new UnprocessableError(`${source}: not valid JSON (${(error as Error).message})`);
  }
  if (!isRecord(pkg)) throw new UnprocessableError(`${source}: expected a JSON object`);
  const entries: { where: string; value: unknown }[] = [];
  const collect = (owner: Record<string, unknown>, prefix: string) => {
    if (Array.isArray(owner.licenses)) {
      owner.licenses.forEach((value, i) =>
        entries.push({ where: `${prefix}licenses[${i}]`, value }),
      );
    }
    // Data Package v0 had a single `license`, a string or an object.
    if (owner.license !== undefined)
      entries.push({ where: `${prefix}license`, value: owner.license });
  };
  collect(pkg, '');
  if (Array.isArray(pkg.resources)) {
    pkg.resources.forEach((r, i) => isRecord(r) && collect(r, `resources[${i}].`));
  }
  return entries.map(({ where, value }) => dataPackageLicense(value, where, source));
}

/** A Frictionless licence object: `name` (an id), `path` (a URL) or `title`, tried in that order. */
function dataPackageLicense(value: unknown, where: string, source: string): LicenseFinding {
  const fields = isRecord(value)
    ? (['name', 'path', 'title'] as const).flatMap((key) =>
        typeof value[key] === 'string' ? [{ where: `${where}.${key}`, text: value[key] }] : [],
      )
    : typeof value === 'string'
      ? [{ where, text: value }]
      : [];
  for (const field of fields) {
    const [found] = recogniseLicenses(field.text);
    if (found)
      return { licenseId: found.licenseId, source, evidence: `${field.where} "${field.text}"` };
  }
  const described = fields.map((f) => `${f.where} "${f.text}"`).join(', ');
  return { licenseId: null, source, evidence: described || `${where} has no name, path or title` };
}

/**
 * A dataset card: `license:` in the front matter (one id or a list, as Hugging Face writes it;
 * `license: other` with `license_name`), and a "Licens(ing)" section of the Markdown body.
 */
function fromCard(text: string, source: string): LicenseFinding[] {
  const { data, body } = readFrontMatter(text, source);
  const findings: LicenseFinding[] = [];
  const declared = data?.license;
  for (const value of Array.isArray(declared) ? declared : declared ? [declared] : []) {
    findings.push(cardLicense(value, data?.license_name, source));
  }
  const section = licensingSection(body);
  if (section) {
    for (const found of recogniseLicenses(section)) {
      findings.push({
        licenseId: found.licenseId,
        source,
        evidence: `licence section: "${found.evidence}"`,
      });
    }
  }
  return findings;
}

function cardLicense(
  value: YamlValue,
  licenseName: YamlValue | undefined,
  source: string,
): LicenseFinding {
  if (typeof value !== 'string') {
    return { licenseId: null, source, evidence: 'front matter license: is not a text value' };
  }
  const [found] = recogniseLicenses(value);
  if (found?.licenseId === 'other' && typeof licenseName === 'string') {
    const [named] = recogniseLicenses(licenseName);
    return {
      licenseId: named?.licenseId ?? null,
      source,
      evidence: `front matter license: other, license_name: "${licenseName}"`,
    };
  }
  return {
    licenseId: found?.licenseId ?? null,
    source,
    evidence: `front matter license: "${value}"`,
  };
}

/** The body under a Markdown heading that mentions licensing, up to the next heading. */
function licensingSection(body: string): string | null {
  const lines = body.split(/\r?\n/);
  const start = lines.findIndex((l) => /^#{1,6}\s.*\blicen[cs]/i.test(l));
  if (start < 0) return null;
  const level = /^#+/.exec(lines[start]!)![0].length;
  const end = lines.findIndex((l, i) => i > start && new RegExp(`^#{1,${level}}\\s`).test(l));
  return lines.slice(start + 1, end < 0 ? undefined : end).join('\n');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One licence candidate and where it came from (`declared` or a metadata file). */
export interface LicenseCandidate extends LicenseClassification {
  source: string;
  evidence: string;
}

/** The licence decision for a dataset version: the strictest candidate, with every duty of each. */
export interface LicenseDecision extends LicenseClassification {
  candidates: LicenseCandidate[];
  /** Set when the candidates disagree: says which were found and which applies. */
  conflict: string | null;
}

/**
 * Decides a version's licence from the uploader's declaration and the metadata findings. When
 * they disagree the strictest tier wins, with the reason; the obligations of all candidates
 * apply. Nothing declared and nothing found is "no licence", which is prohibited.
 */
export function resolveLicense(input: {
  declared?: string | null;
  attested: boolean;
  findings: readonly LicenseFinding[];
}): LicenseDecision {
  const candidates: LicenseCandidate[] = [];
  if (input.declared) {
    const declared = classifyLicense(input.declared, { attested: input.attested });
    candidates.push({ ...declared, source: 'declared', evidence: `declared "${input.declared}"` });
  }
  for (const finding of input.findings) {
    const classification = classifyLicense(finding.licenseId ?? 'other', {
      attested: input.attested,
    });
    const reason =
      finding.licenseId === null
        ? `${finding.source} names a licence we do not recognise (${finding.evidence}): a human must read it`
        : classification.reason;
    candidates.push({
      ...classification,
      reason,
      source: finding.source,
      evidence: finding.evidence,
    });
  }
  if (candidates.length === 0) {
    const none = classifyLicense('no-license', { attested: input.attested });
    candidates.push({ ...none, source: 'declared', evidence: 'no licence declared or found' });
  }
  const effective = candidates.reduce((a, b) => (stricterTier(a.tier, b.tier) === a.tier ? a : b));
  const distinct = new Set(candidates.map((c) => c.licenseId));
  const conflict =
    distinct.size > 1
      ? `${candidates.map((c) => `${c.source}: ${c.licenseId} (${c.tier})`).join('; ')}; ` +
        `the stricter applies: ${effective.licenseId}`
      : null;
  return {
    licenseId: effective.licenseId,
    name: effective.name,
    tier: effective.tier,
    reason: conflict ? `${effective.reason} (${conflict})` : effective.reason,
    obligations: combineObligations(candidates.map((c) => c.obligations)),
    candidates,
    conflict,
  };
}
