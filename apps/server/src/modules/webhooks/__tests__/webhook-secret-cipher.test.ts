import { describe, expect, it } from 'vitest';
import { WebhookSecretCipher } from '../webhook-secret-cipher.js';

const serverKey = 'a-server-secret-key-of-at-least-32-characters';

describe('WebhookSecretCipher', () => {
  it('round-trips a secret and seals it differently each time', () => {
    const cipher = new WebhookSecretCipher(serverKey);
    const secret = WebhookSecretCipher.generateSecret();
    const first = cipher.encrypt(secret);
    expect(first).not.toBe(cipher.encrypt(secret));
    expect(first).not.toContain(secret);
    expect(cipher.decrypt(first)).toBe(secret);
  });

  it('refuses a tampered ciphertext and one sealed under another server key', () => {
    const sealed = new WebhookSecretCipher(serverKey).encrypt('whsec_abc');
    const parts = sealed.split('.');
    const flipped = parts[3]!.startsWith('A') ? `B${parts[3]!.slice(1)}` : `A${parts[3]!.slice(1)}`;
    const tampered = [...parts.slice(0, 3), flipped].join('.');
    expect(() => new WebhookSecretCipher(serverKey).decrypt(tampered)).toThrow();
    expect(() => new WebhookSecretCipher(`${serverKey}-other`).decrypt(sealed)).toThrow();
    expect(() => new WebhookSecretCipher(serverKey).decrypt('plain')).toThrow(/not a webhook/);
  });
});
