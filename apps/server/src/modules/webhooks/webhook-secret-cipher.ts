import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';

/**
 * AES-256-GCM for webhook signing secrets: HMAC needs the secret itself, so it cannot be hashed.
 * The key is derived from the server's secret key, labelled so no other use shares it.
 */
export class WebhookSecretCipher {
  readonly #key: Buffer;

  constructor(serverSecretKey: string) {
    this.#key = Buffer.from(
      hkdfSync('sha256', serverSecretKey, 'aistudio', 'webhook-signing-secrets', 32),
    );
  }

  /** A new signing secret, as shown to the user once. */
  static generateSecret(): string {
    return `whsec_${randomBytes(32).toString('base64url')}`;
  }

  encrypt(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, iv, cipher.getAuthTag(), sealed]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  /** Throws when the ciphertext was altered or sealed under another server key. */
  decrypt(ciphertext: string): string {
    const [version, iv, tag, sealed] = ciphertext.split('.');
    if (version !== VERSION || !iv || !tag || sealed === undefined) {
      throw new Error('not a webhook secret ciphertext');
    }
    const decipher = createDecipheriv('aes-256-gcm', this.#key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([
      decipher.update(Buffer.from(sealed, 'base64url')),
      decipher.final(),
    ]).toString('utf8');
  }
}
