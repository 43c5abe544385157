import { hash as digest, randomBytes, timingSafeEqual } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

// OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane. (2 is Algorithm.Argon2id, a const enum
// that verbatimModuleSyntax cannot import.)
const argon2Options = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, argon2Options);
}

// Verifying against a fixed hash for unknown emails keeps sign-in timing the same either way.
let decoyHash: Promise<string> | null = null;

export async function verifyPassword(
  passwordHash: string | null,
  password: string,
): Promise<boolean> {
  if (passwordHash === null) {
    decoyHash ??= hashPassword(randomBytes(16).toString('hex'));
    await verify(await decoyHash, password);
    return false;
  }
  return verify(passwordHash, password);
}

/** A random, URL-safe bearer secret: 256 bits. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Tokens, keys and invitation secrets are stored only as SHA-256, so a DB leak grants nothing.
 * One-shot `hash` (not a Hash object): it runs on every API-key request, and is ~3x cheaper.
 */
export function sha256(value: string): string {
  return digest('sha256', value, 'hex');
}

export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
