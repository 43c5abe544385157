import { createHash, createHmac } from 'node:crypto';

/** The key that hashes an org's masked values, and the fingerprint lineage records instead of it. */
export interface PiiHashKey {
  readonly key: Uint8Array;
  /** Names the key without revealing it: the first 16 hex digits of its SHA-256. */
  readonly keyId: string;
}

/**
 * One key per org, derived from the instance secret: equal values hash equal across an org's
 * versions (joins keep working), but not across orgs, and nothing extra needs storing.
 */
export function orgPiiHashKey(instanceSecret: string, orgId: string): PiiHashKey {
  const key = createHmac('sha256', instanceSecret).update(`pii-masking:${orgId}`).digest();
  const keyId = `hmac-sha256:${createHash('sha256').update(key).digest('hex').slice(0, 16)}`;
  return { key, keyId };
}
