import { isIP } from 'node:net';
import { ConflictError, ValidationError } from '../../http/errors.js';
import { normalizeSha256 } from './deny-list.js';

// Bump the version with every change to the wording, and keep the old texts: a stored
// attestation shows the words its user accepted.
const ATTESTATION_TEXTS: Record<number, string> = {
  1:
    'I confirm that I own this data or have the right to use it in this organization, including ' +
    'to build, train and evaluate machine-learning models from it; that the licence I selected is ' +
    'the one it is provided under; that I may process any personal data it contains for this ' +
    'purpose; and that I will respect the obligations of its licence (attribution, share-alike, ' +
    'non-commercial use) in whatever is made from it.',
};

/** The version of the statement an uploader accepts today. */
export const ATTESTATION_TEXT_VERSION = 1;

/** The statement for a version (the current one by default). */
export function attestationText(version: number = ATTESTATION_TEXT_VERSION): string {
  const text = ATTESTATION_TEXTS[version];
  if (text === undefined)
    throw ValidationError.field('attestation', `no statement version ${version}`);
  return text;
}

/** What is stored with a dataset version and shown on it: who accepted which words, when, for which file. */
export interface AttestationRecord {
  textVersion: number;
  userId: string;
  attestedAt: string;
  ip: string;
  fileSha256: string;
}

/**
 * The record of an uploader's statement. Refuses a statement accepted in an older wording (the
 * form was open while the text changed): the user must read and accept the current one.
 */
export function buildAttestationRecord(input: {
  acceptedVersion: number;
  userId: string;
  ip: string;
  fileSha256: string;
  at?: Date;
}): AttestationRecord {
  if (input.acceptedVersion !== ATTESTATION_TEXT_VERSION) {
    throw new ConflictError(
      `attestation: version ${input.acceptedVersion} was accepted, but the current statement is ` +
        `version ${ATTESTATION_TEXT_VERSION}; read and accept it again`,
    );
  }
  if (input.userId.trim() === '') throw ValidationError.field('userId', 'required');
  if (isIP(input.ip) === 0) throw ValidationError.field('ip', `"${input.ip}" is not an IP address`);
  return {
    textVersion: ATTESTATION_TEXT_VERSION,
    userId: input.userId,
    attestedAt: (input.at ?? new Date()).toISOString(),
    ip: input.ip,
    fileSha256: normalizeSha256(input.fileSha256, 'fileSha256'),
  };
}
