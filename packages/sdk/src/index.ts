import createFetchClient, { type Client, type Middleware } from 'openapi-fetch';
import type { components, paths } from './openapi-types.js';

export type { components, paths };

/** The RFC 9457 body every API error carries. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  requestId: string;
  errors?: { field: string; message: string }[];
}

/** Thrown by `unwrap` for any non-2xx answer; carries the problem body. */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
    this.name = 'ApiError';
  }
  get status() {
    return this.problem.status;
  }
}

export interface ClientOptions {
  /** Server origin, e.g. http://localhost:3000; empty for same-origin (the web app). */
  baseUrl?: string;
  /** An API key (ais_…), sent as a bearer token. */
  apiKey?: string;
  /** Cookie sessions: returns the CSRF token to send on writes (from /auth/me or login). */
  csrfToken?: () => string | null;
  fetch?: typeof globalThis.fetch;
}

export type AiStudioClient = Client<paths>;

/** A typed client for the AI Studio REST API, generated from its OpenAPI document. */
export function createClient(options: ClientOptions = {}): AiStudioClient {
  const client = createFetchClient<paths>({
    baseUrl: options.baseUrl ?? '',
    credentials: options.apiKey ? 'omit' : 'same-origin',
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const auth: Middleware = {
    onRequest({ request }) {
      if (options.apiKey) request.headers.set('authorization', `Bearer ${options.apiKey}`);
      const csrf = options.csrfToken?.();
      if (csrf && request.method !== 'GET') request.headers.set('x-csrf-token', csrf);
      return request;
    },
  };
  client.use(auth);
  return client;
}

/** Returns `data` of a successful call, or throws ApiError with the server's problem details. */
export async function unwrap<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  const { data, error, response } = await call;
  if (response.ok) return data as T;
  const problem = (error ?? {}) as Partial<Problem>;
  throw new ApiError({
    type: problem.type ?? 'about:blank',
    title: problem.title ?? response.statusText,
    status: problem.status ?? response.status,
    detail: problem.detail ?? `${response.status} ${response.statusText}`,
    code: problem.code ?? 'http_error',
    requestId: problem.requestId ?? response.headers.get('x-request-id') ?? '',
    ...(problem.errors ? { errors: problem.errors } : {}),
  });
}
