import { createClient } from '@aistudio/sdk';

let csrfToken: string | null = null;

/** Remembers the session's CSRF token (from login, setup, register or /auth/me) for writes. */
export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

/** The one API client of the web app: same-origin cookies, CSRF header on every write. */
export const api = createClient({ csrfToken: () => csrfToken });
