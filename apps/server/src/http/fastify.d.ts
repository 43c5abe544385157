import type { Principal } from '../auth/principal.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the authentication hook; null on public routes without credentials. */
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** Who may call: anyone, a signed-in user only, or a user or an API key (the default). */
    auth?: 'public' | 'session' | 'any';
    /** `auth` applies the stricter per-IP limit of the sign-in routes. */
    rateLimit?: 'auth' | 'api';
  }
}
