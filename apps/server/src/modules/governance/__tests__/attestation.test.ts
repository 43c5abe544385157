import { describe, expect, it } from 'vitest';
import { ConflictError, ValidationError } from '../../../http/errors.js';
import {
  ATTESTATION_TEXT_VERSION,
  attestationText,
  buildAttestationRecord,
} from '../attestation.js';

const SHA = 'E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855';

describe('attestation', () => {
  it('builds the record to store: text version, user, time, IP and normalised file hash', () => {
    expect(
      buildAttestationRecord({
        acceptedVersion: ATTESTATION_TEXT_VERSION,
        userId: 'user-1',
        ip: '2001:db8::7',
        fileSha256: SHA,
        at: new Date('2026-12-02T10:00:00Z'),
      }),
    ).toEqual({
      textVersion: 1,
      userId: 'user-1',
      attestedAt: '2026-12-02T10:00:00.000Z',
      ip: '2001:db8::7',
      fileSha256: SHA.toLowerCase(),
    });
  });

  it('refuses a statement accepted in an older wording', () => {
    expect(() =>
      buildAttestationRecord({ acceptedVersion: 0, userId: 'u', ip: '10.0.0.1', fileSha256: SHA }),
    ).toThrow(ConflictError);
  });

  it('refuses a missing user, a bad IP and a bad hash, naming the field', () => {
    const base = {
      acceptedVersion: ATTESTATION_TEXT_VERSION,
      userId: 'u',
      ip: '10.0.0.1',
      fileSha256: SHA,
    };
    expect(() => buildAttestationRecord({ ...base, userId: ' ' })).toThrow('userId: required');
    expect(() => buildAttestationRecord({ ...base, ip: '10.0.0' })).toThrow(
      'ip: "10.0.0" is not an IP address',
    );
    expect(() => buildAttestationRecord({ ...base, fileSha256: 'abc' })).toThrow(
      'fileSha256: a SHA-256 hash has 64 hex digits, this one has 3',
    );
  });

  it('keeps the text of every version and refuses unknown ones', () => {
    expect(attestationText()).toBe(attestationText(ATTESTATION_TEXT_VERSION));
    expect(attestationText()).toMatch(
      /^I confirm that I own this data or have the right to use it/,
    );
    expect(() => attestationText(99)).toThrow(ValidationError);
  });
});
