import { createClient } from '@aistudio/sdk';

let csrfToken: string | null = null;

/** Remembers the session's CSRF token (from login, setup, register or /auth/me) for writes. */
export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

/** The session's CSRF token, for the few calls made without the SDK (uploads with progress). */
export function currentCsrfToken(): string | null {
  return csrfToken;
}

/** The one API client of the web app: same-origin cookies, CSRF header on every write. */
export const api = createClient({ csrfToken: () => csrfToken });
