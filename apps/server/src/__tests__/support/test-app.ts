import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import { openDatabase, type Database } from '@aistudio/db';
import { buildApp, type AppServices } from '../../app.js';
import { loadConfig, type Env } from '../../config/config.js';

export type TestDb = 'pglite' | 'postgres';
export const testDb: TestDb = process.env.AISTUDIO_TEST_DB === 'postgres' ? 'postgres' : 'pglite';

/** A fresh database for one test file: in-memory PGlite, or a new PostgreSQL database dropped afterwards. */
export async function openTestDatabase(): Promise<{
  database: Database;
  url: string | null;
  drop: () => Promise<void>;
}> {
  if (testDb === 'pglite') {
    const database = await openDatabase({ kind: 'pglite', dataDir: null });
    await database.migrate();
    return { database, url: null, drop: () => database.close() };
  }
  const adminUrl = process.env.TEST_DATABASE_URL!;
  const name = `aistudio_t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 5 });
  await database.migrate();
  return {
    database,
    url: url.toString(),
    drop: async () => {
      await database.close();
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

export interface Caller {
  cookie?: string;
  csrf?: string;
  apiKey?: string;
}

export interface Reply<T = any> {
  status: number;
  body: T;
  headers: Record<string, string | string[] | number | undefined>;
}

export interface TestApp {
  app: FastifyInstance;
  routes: { method: string; url: string; auth: 'public' | 'session' | 'any' }[];
  database: Database;
  /** The PostgreSQL database's URL (null on PGlite), for worker processes sharing it. */
  databaseUrl: string | null;
  dataDir: string;
  /** Background jobs: `await t.jobs.idle()` waits until every queued job has run. */
  jobs: AppServices['jobs'];
  call<T = any>(
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT' | 'HEAD' | 'OPTIONS',
    url: string,
    options?: { as?: Caller; body?: unknown; headers?: Record<string, string> },
  ): Promise<Reply<T>>;
  close(): Promise<void>;
}

/** The real app (real Fastify, real DB) on a fresh database, driven through app.inject(). */
export async function createTestApp(
  env: Env = {},
  options: {
    sleep?: (ms: number) => Promise<void>;
    webDir?: string;
    /** False: an HTTP-only app (`serve --no-worker`) whose jobs worker processes run. */
    runJobs?: boolean;
  } = {},
): Promise<TestApp> {
  const { database, url, drop } = await openTestDatabase();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'aistudio-test-'));
  const config = loadConfig({
    AISTUDIO_DATA_DIR: dataDir,
    AISTUDIO_SECRET_KEY: 'test-secret-key-0123456789abcdefghijkl',
    RATE_LIMIT_AUTH_PER_MINUTE: '10000',
    RATE_LIMIT_API_PER_MINUTE: '100000',
    ...env,
  });
  const { app, services } = await buildApp(config, {
    database,
    logger: false,
    webDir: options.webDir ?? path.join(dataDir, 'no-web'),
    // Sign-in slow-downs are recorded, not waited for, so the suite stays fast.
    sleep: options.sleep ?? (async () => {}),
    runJobs: options.runJobs ?? true,
  });
  await app.ready();
  return {
    app,
    database,
    databaseUrl: url,
    dataDir,
    routes: services.routes,
    jobs: services.jobs,
    async call(method, url, options = {}) {
      const headers: Record<string, string> = { ...options.headers };
      if (options.as?.cookie) headers.cookie = `aistudio_session=${options.as.cookie}`;
      if (options.as?.csrf) headers['x-csrf-token'] = options.as.csrf;
      if (options.as?.apiKey) headers.authorization = `Bearer ${options.as.apiKey}`;
      const response = await app.inject({
        method,
        url,
        headers,
        ...(options.body !== undefined ? { payload: options.body as object } : {}),
      });
      const text = response.body;
      let body: unknown = text;
      if (text && String(response.headers['content-type'] ?? '').includes('json'))
        body = JSON.parse(text);
      return { status: response.statusCode, body, headers: response.headers } as Reply;
    },
    async close() {
      await app.close();
      await drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const STRONG_PASSWORD = 'violet-harbor-sextant-42';

export interface SignedIn extends Caller {
  cookie: string;
  csrf: string;
  userId: string;
  email: string;
  personalOrgId: string;
}

function sessionFrom(reply: Reply): SignedIn {
  const setCookie = ([] as string[]).concat(
    (reply.headers['set-cookie'] as string | string[]) ?? [],
  );
  const cookie = /aistudio_session=([^;]+)/.exec(setCookie.join(';'))?.[1];
  if (!cookie)
    throw new Error(`no session cookie in ${reply.status} ${JSON.stringify(reply.body)}`);
  return {
    cookie,
    csrf: reply.body.csrfToken,
    userId: reply.body.user.id,
    email: reply.body.user.email,
    personalOrgId: reply.body.personalOrgId,
  };
}

/** Creates the instance owner and opens registration, so tests can add users freely. */
export async function setupOwner(t: TestApp, email = 'owner@example.com'): Promise<SignedIn> {
  const reply = await t.call('POST', '/api/v1/auth/setup', {
    body: { email, password: STRONG_PASSWORD, name: 'Olive Owner' },
  });
  if (reply.status !== 201)
    throw new Error(`setup failed: ${reply.status} ${JSON.stringify(reply.body)}`);
  const owner = sessionFrom(reply);
  await t.call('PATCH', '/api/v1/instance', { as: owner, body: { openRegistration: true } });
  return owner;
}

let counter = 0;
/** Registers a new user with a unique email. */
export async function registerUser(t: TestApp, name = 'User'): Promise<SignedIn> {
  const email = `${name.toLowerCase().replace(/\W+/g, '.')}.${Date.now().toString(36)}${counter++}@example.com`;
  const reply = await t.call('POST', '/api/v1/auth/register', {
    body: { email, password: STRONG_PASSWORD, name },
  });
  if (reply.status !== 201)
    throw new Error(`register failed: ${reply.status} ${JSON.stringify(reply.body)}`);
  return sessionFrom(reply);
}

export async function loginAs(
  t: TestApp,
  email: string,
  password = STRONG_PASSWORD,
): Promise<SignedIn> {
  const reply = await t.call('POST', '/api/v1/auth/login', { body: { email, password } });
  if (reply.status !== 200)
    throw new Error(`login failed: ${reply.status} ${JSON.stringify(reply.body)}`);
  return sessionFrom(reply);
}

/** A team org owned by `owner`, with the given users added in the given roles. */
export async function createTeam(
  t: TestApp,
  owner: SignedIn,
  members: { user: SignedIn; role: 'admin' | 'member' | 'viewer' | 'owner' }[] = [],
): Promise<string> {
  const org = await t.call('POST', '/api/v1/orgs', {
    as: owner,
    body: { name: `Team ${counter++}` },
  });
  for (const m of members) {
    const added = await t.call('POST', `/api/v1/orgs/${org.body.id}/members`, {
      as: owner,
      body: { email: m.user.email, role: m.role },
    });
    if (added.status !== 201) throw new Error(`add member failed: ${JSON.stringify(added.body)}`);
  }
  return org.body.id;
}
