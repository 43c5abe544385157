import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, createClient, unwrap } from '../index.js';

// A real HTTP server that records what the client sends and answers like the API does.
let seen: { method: string; url: string; headers: IncomingHttpHeaders }[] = [];
const server = createServer((req, res) => {
  seen.push({ method: req.method!, url: req.url!, headers: req.headers });
  if (req.url === '/api/v1/auth/me') {
    res.writeHead(401, { 'content-type': 'application/problem+json', 'x-request-id': 'req-1' });
    res.end(
      JSON.stringify({
        type: 't',
        title: 'Authentication required',
        status: 401,
        detail: 'Sign in.',
        code: 'unauthorized',
        requestId: 'req-1',
      }),
    );
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ items: [], nextCursor: null }));
});
let baseUrl = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('@aistudio/sdk', () => {
  it('sends the API key as a bearer token and returns data', async () => {
    seen = [];
    const api = createClient({ baseUrl, apiKey: 'ais_test' });
    const page = await unwrap(api.GET('/api/v1/orgs', { params: { query: { limit: 10 } } }));
    expect(page).toEqual({ items: [], nextCursor: null });
    expect(seen[0]).toMatchObject({ method: 'GET', url: '/api/v1/orgs?limit=10' });
    expect(seen[0]!.headers.authorization).toBe('Bearer ais_test');
  });

  it('sends the CSRF token on writes only', async () => {
    seen = [];
    const api = createClient({ baseUrl, csrfToken: () => 'csrf-1' });
    await api.GET('/api/v1/orgs');
    await api.POST('/api/v1/orgs', { body: { name: 'Team' } });
    expect(seen[0]!.headers['x-csrf-token']).toBeUndefined();
    expect(seen[1]!.headers['x-csrf-token']).toBe('csrf-1');
  });

  it('throws ApiError carrying the problem details', async () => {
    const api = createClient({ baseUrl });
    const error = await unwrap(api.GET('/api/v1/auth/me')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(401);
    expect((error as ApiError).problem).toMatchObject({
      code: 'unauthorized',
      requestId: 'req-1',
      detail: 'Sign in.',
    });
  });
});
