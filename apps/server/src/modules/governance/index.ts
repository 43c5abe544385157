// The governance library's public surface: licences, attestation, PII scan and policy, deny list.
export * from './attestation.js';
export * from './deny-list.js';
export {
  FrontMatterError,
  readFrontMatter,
  type YamlMapping,
  type YamlValue,
} from './front-matter.js';
export * from './license-detection.js';
export { recogniseLicenses, type RecognisedLicense } from './license-text.js';
export * from './licenses.js';
export { findPii, PII_KINDS, type PiiKind, type PiiMatch } from './pii-detectors.js';
export * from './pii-masking.js';
export * from './pii-policy.js';
export * from './pii-scan.js';
