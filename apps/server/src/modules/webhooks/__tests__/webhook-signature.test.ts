import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signWebhookBody, verifyWebhookSignature } from '../webhook-signature.js';

const secret = 'whsec_test_secret';
const body = '{"type":"run.succeeded"}';

describe('webhook signatures', () => {
  it('signs "t.body" with HMAC-SHA256 in hex', () => {
    const expected = createHmac('sha256', secret).update(`1700000000.${body}`).digest('hex');
    expect(signWebhookBody(secret, body, 1700000000)).toBe(`t=1700000000,v1=${expected}`);
  });

  it('verifies its own signature within the tolerance', () => {
    const header = signWebhookBody(secret, body, 1700000000);
    expect(verifyWebhookSignature(secret, body, header, { now: 1700000100 })).toEqual({
      valid: true,
      timestamp: 1700000000,
    });
  });

  it('refuses a changed body, another secret, an old timestamp and a malformed header', () => {
    const header = signWebhookBody(secret, body, 1700000000);
    const at = { now: 1700000000 };
    expect(verifyWebhookSignature(secret, body + ' ', header, at)).toMatchObject({
      reason: 'mismatch',
    });
    expect(verifyWebhookSignature('other', body, header, at)).toMatchObject({ reason: 'mismatch' });
    expect(verifyWebhookSignature(secret, body, header, { now: 1700000301 })).toMatchObject({
      reason: 'expired',
    });
    expect(verifyWebhookSignature(secret, body, 'v1=abc', at)).toMatchObject({
      reason: 'malformed',
    });
    expect(verifyWebhookSignature(secret, body, undefined, at)).toMatchObject({
      reason: 'malformed',
    });
  });

  it('accepts any of several v1 signatures (secret rotation on the receiver side)', () => {
    const good = signWebhookBody(secret, body, 1700000000).split('v1=')[1]!;
    const header = `t=1700000000,v1=${'0'.repeat(64)},v1=${good}`;
    expect(verifyWebhookSignature(secret, body, header, { now: 1700000000 }).valid).toBe(true);
  });
});
