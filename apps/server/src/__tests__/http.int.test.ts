import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  setupOwner,
  testDb,
  type SignedIn,
  type TestApp,
} from './support/test-app.js';

describe(`HTTP contract [${testDb}]`, () => {
  let t: TestApp;
  let owner: SignedIn;

  beforeAll(async () => {
    t = await createTestApp({ BODY_LIMIT_BYTES: '2048' });
    owner = await setupOwner(t);
  });
  afterAll(() => t.close());

  const expectProblem = (
    reply: { status: number; headers: Record<string, unknown>; body: any },
    status: number,
    code: string,
  ) => {
    expect(reply.status).toBe(status);
    expect(reply.headers['content-type']).toContain('application/problem+json');
    expect(reply.body).toMatchObject({
      status,
      code,
      type: expect.stringContaining(code.replaceAll('_', '-')),
    });
    expect(reply.body.title).toBeTruthy();
    expect(reply.body.detail).toBeTruthy();
    expect(reply.body.requestId).toBe(reply.headers['x-request-id']);
  };

  it('answers malformed JSON with a 400 problem', async () => {
    const reply = await t.call('POST', '/api/v1/orgs', {
      as: owner,
      body: '{"name": ',
      headers: { 'content-type': 'application/json' },
    });
    expectProblem(reply, 400, 'malformed_json');
  });

  it('answers a non-JSON body with 415', async () => {
    const reply = await t.call('POST', '/api/v1/orgs', {
      as: owner,
      body: 'name=x',
      headers: { 'content-type': 'text/plain' },
    });
    expectProblem(reply, 415, 'unsupported_media_type');
  });

  it('answers a body over the limit with 413', async () => {
    const reply = await t.call('POST', '/api/v1/orgs', {
      as: owner,
      body: { name: 'x'.repeat(4096) },
    });
    expectProblem(reply, 413, 'body_too_large');
  });

  it('names unknown and missing fields', async () => {
    const reply = await t.call('POST', '/api/v1/orgs', { as: owner, body: { title: 'typo' } });
    expectProblem(reply, 400, 'validation_failed');
    const fields = reply.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toContain('body.name');
    expect(fields).toContain('body.title');
  });

  it('names an invalid id in the path', async () => {
    const reply = await t.call('GET', '/api/v1/projects/not-a-uuid', { as: owner });
    expectProblem(reply, 400, 'validation_failed');
    expect(reply.body.errors[0].field).toBe('params.projectId');
  });

  it('answers an unknown route with a 404 problem', async () => {
    expectProblem(
      await t.call('GET', '/api/v1/nothing-here', { as: owner }),
      404,
      'route_not_found',
    );
  });

  it('keeps a valid incoming x-request-id and replaces an unsafe one', async () => {
    const kept = await t.call('GET', '/healthz', { headers: { 'x-request-id': 'trace-abc.123' } });
    expect(kept.headers['x-request-id']).toBe('trace-abc.123');
    const replaced = await t.call('GET', '/healthz', {
      headers: { 'x-request-id': 'bad id with spaces' },
    });
    expect(replaced.headers['x-request-id']).not.toBe('bad id with spaces');
  });

  it('reports readiness from the database', async () => {
    expect((await t.call('GET', '/readyz')).body).toEqual({ status: 'ok' });
  });

  it('exports request metrics by route pattern and status, and process metrics', async () => {
    await t.call('GET', `/api/v1/projects/${owner.personalOrgId}`, { as: owner });
    const metrics = (await t.call('GET', '/metrics')).body as string;
    expect(metrics).toContain(
      'http_requests_total{method="GET",route="/api/v1/projects/:projectId",status_code="404"}',
    );
    expect(metrics).toContain('http_request_duration_seconds_bucket');
    expect(metrics).toContain('process_cpu_user_seconds_total');
    expect(metrics).not.toContain(owner.personalOrgId);
  });

  it('serves an OpenAPI 3.1 document and the docs UI', async () => {
    const doc = await t.call('GET', '/api/openapi.json');
    expect(doc.body.openapi).toBe('3.1.0');
    expect(doc.body.paths['/api/v1/orgs/{orgId}/projects'].get).toBeTruthy();
    const ui = await t.call('GET', '/api/docs/');
    expect(ui.status).toBe(200);
    expect(String(ui.body)).toContain('<html');
  });

  it('sends security headers', async () => {
    const reply = await t.call('GET', '/healthz');
    expect(reply.headers['x-content-type-options']).toBe('nosniff');
    expect(reply.headers['x-frame-options']).toBe('DENY');
  });

  it('rate-limits a user over the per-minute budget with 429 and Retry-After', async () => {
    const limited = await createTestApp({ RATE_LIMIT_API_PER_MINUTE: '5' });
    try {
      const user = await setupOwner(limited);
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++)
        statuses.push((await limited.call('GET', '/api/v1/orgs', { as: user })).status);
      expect(statuses.slice(0, 4).every((s) => s === 200)).toBe(true);
      const last = await limited.call('GET', '/api/v1/orgs', { as: user });
      expect(last.status).toBe(429);
      expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
    } finally {
      await limited.close();
    }
  });

  it('rate-limits the sign-in routes per IP', async () => {
    const limited = await createTestApp({ RATE_LIMIT_AUTH_PER_MINUTE: '3' });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        statuses.push(
          (
            await limited.call('POST', '/api/v1/auth/login', {
              body: { email: 'a@example.com', password: 'x' },
            })
          ).status,
        );
      }
      expect(statuses).toEqual([401, 401, 401, 429]);
    } finally {
      await limited.close();
    }
  });
});

describe(`web app serving [${testDb}]`, () => {
  let t: TestApp;
  let webDir: string;

  beforeAll(async () => {
    const { mkdtempSync, mkdirSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    webDir = mkdtempSync(path.join(tmpdir(), 'aistudio-web-'));
    mkdirSync(path.join(webDir, 'assets'));
    writeFileSync(
      path.join(webDir, 'index.html'),
      '<!doctype html><html><body>studio</body></html>',
    );
    writeFileSync(path.join(webDir, 'assets', 'app-abc123.js'), 'console.log(1)');
    t = await createTestApp({}, { webDir });
  });
  afterAll(() => t.close());

  it('serves index.html at / and for client-side routes, with a strict CSP', async () => {
    for (const url of ['/', '/orgs/123/projects', '/setup']) {
      const reply = await t.call('GET', url);
      expect(reply.status, url).toBe(200);
      expect(String(reply.body)).toContain('studio');
      expect(reply.headers['content-security-policy']).toContain("script-src 'self'");
      expect(reply.headers['cache-control']).toBe('no-cache');
    }
  });

  it('serves hashed assets as immutable', async () => {
    const reply = await t.call('GET', '/assets/app-abc123.js');
    expect(reply.status).toBe(200);
    expect(reply.headers['cache-control']).toContain('immutable');
  });

  it('answers unknown API paths and missing assets with 404 problems, not the page', async () => {
    expect((await t.call('GET', '/api/v1/unknown')).body.code).toBe('route_not_found');
    expect((await t.call('GET', '/assets/missing.js')).status).toBe(404);
  });
});

describe(`behind a trusted proxy [${testDb}]`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ TRUST_PROXY: '1' });
  });
  afterAll(() => t.close());

  it('records the forwarded client IP, and ignores a forwarded value that is not an IP', async () => {
    const owner = await t.call('POST', '/api/v1/auth/setup', {
      body: { email: 'proxied@example.com', password: 'violet-harbor-sextant-42', name: 'Proxied' },
      headers: { 'x-forwarded-for': '203.0.113.9' },
    });
    expect(owner.status).toBe(201);
    const junk = await t.call('POST', '/api/v1/auth/login', {
      body: { email: 'proxied@example.com', password: 'violet-harbor-sextant-42' },
      headers: { 'x-forwarded-for': 'not-an-ip' },
    });
    expect(junk.status).toBe(200);
    const cookie = /aistudio_session=([^;]+)/.exec(String(owner.headers['set-cookie']))![1]!;
    const events = await t.call('GET', `/api/v1/orgs/${owner.body.personalOrgId}/audit-events`, {
      as: { cookie },
    });
    const ips = events.body.items.map((e: { action: string; ip: string | null }) => [
      e.action,
      e.ip,
    ]);
    expect(ips).toContainEqual(['auth.setup', '203.0.113.9']);
    expect(ips).toContainEqual(['auth.login', null]);
  });
});

describe(`values the database cannot store [${testDb}]`, () => {
  let t: TestApp;
  let owner: SignedIn;
  beforeAll(async () => {
    t = await createTestApp();
    owner = await setupOwner(t);
  });
  afterAll(() => t.close());

  it('refuses a NUL character in a name, naming the field', async () => {
    const reply = await t.call('POST', '/api/v1/orgs', {
      as: owner,
      body: { name: 'bad\u0000name' },
    });
    expect(reply.status).toBe(400);
    expect(reply.body.errors[0].field).toBe('body.name');
  });

  it('answers 400, not 500, for a date PostgreSQL cannot represent', async () => {
    const reply = await t.call(
      'GET',
      `/api/v1/orgs/${owner.personalOrgId}/audit-events?since=0000-01-01T00:00:00Z`,
      {
        as: owner,
      },
    );
    expect(reply.status).toBe(400);
    expect((await t.call('GET', '/healthz')).status).toBe(200);
  });
});

describe(`metrics token [${testDb}]`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ METRICS_TOKEN: 'scrape-token-0123456789' });
  });
  afterAll(() => t.close());

  it('requires the token on /metrics when one is configured', async () => {
    expect((await t.call('GET', '/metrics')).status).toBe(401);
    const ok = await t.call('GET', '/metrics', {
      headers: { authorization: 'Bearer scrape-token-0123456789' },
    });
    expect(ok.status).toBe(200);
  });
});
