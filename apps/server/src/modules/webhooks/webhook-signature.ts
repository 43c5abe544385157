import { createHmac, timingSafeEqual } from 'node:crypto';

/** Header carrying `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`. */
export const SIGNATURE_HEADER = 'x-aistudio-signature';
/** Header naming the event type, e.g. `run.succeeded`. */
export const EVENT_HEADER = 'x-aistudio-event';
/** Header carrying the delivery id; the same on every retry and resend of one delivery. */
export const DELIVERY_HEADER = 'x-aistudio-delivery';

/** How far a signature's timestamp may be from the receiver's clock, by default (seconds). */
export const DEFAULT_TOLERANCE_SECONDS = 300;

function hmacHex(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/** The signature header value for a body sent at `timestamp` (unix seconds). */
export function signWebhookBody(
  secret: string,
  body: string,
  timestamp = Math.floor(Date.now() / 1000),
): string {
  return `t=${timestamp},v1=${hmacHex(secret, timestamp, body)}`;
}

export type SignatureVerdict =
  | { valid: true; timestamp: number }
  | { valid: false; reason: 'malformed' | 'expired' | 'mismatch' };

/**
 * Checks a received signature header against the raw body: any `v1` entry may match (a receiver
 * rotating secrets can try each), and the timestamp must be within the tolerance, which stops replays.
 */
export function verifyWebhookSignature(
  secret: string,
  body: string,
  header: string | undefined,
  options: { toleranceSeconds?: number; now?: number } = {},
): SignatureVerdict {
  const entries = (header ?? '').split(',').map((part) => part.trim().split('='));
  const timestamp = Number(entries.find(([key]) => key === 't')?.[1]);
  const signatures = entries.filter(([key, value]) => key === 'v1' && value).map(([, v]) => v!);
  if (!Number.isInteger(timestamp) || signatures.length === 0) {
    return { valid: false, reason: 'malformed' };
  }
  const now = options.now ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - timestamp) > (options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS)) {
    return { valid: false, reason: 'expired' };
  }
  const expected = Buffer.from(hmacHex(secret, timestamp, body), 'hex');
  const matches = signatures.some((signature) => {
    const given = Buffer.from(signature, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  return matches ? { valid: true, timestamp } : { valid: false, reason: 'mismatch' };
}
