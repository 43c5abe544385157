import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';

// These tests run the built CLI (`npm test` builds first) as a real process on a real port.
const bin = fileURLToPath(new URL('../../bin/aistudio.js', import.meta.url));
const PASSWORD = 'violet-harbor-sextant-42';
const running: ChildProcess[] = [];

afterEach(() => {
  for (const child of running.splice(0)) child.kill('SIGKILL');
});

function run(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, [bin, ...args], {
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const waitFor = (pattern: RegExp) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const check = () => {
        const match = stdout.match(pattern);
        if (match) return resolve(match);
        if (child.exitCode !== null)
          return reject(new Error(`exited ${child.exitCode}: ${stderr}${stdout}`));
        setTimeout(check, 20);
      };
      check();
    });
  return { child, exited, waitFor, output: () => ({ stdout, stderr }) };
}

async function serve(env: Record<string, string>) {
  const server = run(['serve', '--port', '0'], env);
  const [, url] = await server.waitFor(/AI Studio is running at (http:\/\/\S+)/);
  return { ...server, url: url! };
}

/** A port nothing listens on: bound by the OS, then released. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

const dataDir = () => mkdtempSync(path.join(tmpdir(), 'aistudio-cli-'));

describe.skipIf(process.env.AISTUDIO_TEST_DB === 'postgres')('aistudio CLI, embedded mode', () => {
  it('fails at start with a message naming an invalid variable', async () => {
    const { exited, output } = run(['serve'], { AISTUDIO_DATA_DIR: dataDir(), PORT: 'eighty' });
    expect(await exited).toBe(1);
    expect(output().stderr).toContain('PORT');
  });

  it('creates the owner headlessly from AISTUDIO_ADMIN_EMAIL and AISTUDIO_ADMIN_PASSWORD', async () => {
    const server = await serve({
      AISTUDIO_DATA_DIR: dataDir(),
      AISTUDIO_ADMIN_EMAIL: 'root@example.com',
      AISTUDIO_ADMIN_PASSWORD: PASSWORD,
    });
    const info = (await (await fetch(`${server.url}/api/v1/instance`)).json()) as {
      setupRequired: boolean;
    };
    expect(info.setupRequired).toBe(false);
    const login = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'root@example.com', password: PASSWORD }),
    });
    expect(login.status).toBe(200);
  });

  it('creates a user with `admin create-user` who can then sign in', async () => {
    const dir = dataDir();
    const created = run(
      ['admin', 'create-user', '--email', 'Cli@Example.com', '--name', 'Cli User'],
      {
        AISTUDIO_DATA_DIR: dir,
        AISTUDIO_NEW_USER_PASSWORD: PASSWORD,
      },
    );
    expect(await created.exited).toBe(0);
    expect(created.output().stdout).toContain('Created user cli@example.com');
    const server = await serve({ AISTUDIO_DATA_DIR: dir });
    const login = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'cli@example.com', password: PASSWORD }),
    });
    expect(login.status).toBe(200);
  });

  it('refuses to open the embedded database a running server holds', async () => {
    const dir = dataDir();
    await serve({ AISTUDIO_DATA_DIR: dir });
    const second = run(['admin', 'create-user', '--email', 'x@example.com', '--name', 'X'], {
      AISTUDIO_DATA_DIR: dir,
      AISTUDIO_NEW_USER_PASSWORD: PASSWORD,
    });
    expect(await second.exited).toBe(1);
    expect(second.output().stderr).toContain('is in use by process');
  });

  it('keeps serving when the reader of its output goes away before the banner', async () => {
    const port = await freePort();
    const server = run(['serve', '--port', String(port)], { AISTUDIO_DATA_DIR: dataDir() });
    // Like `aistudio serve | head -1`: the pipe closes, and the banner's write hits EPIPE.
    server.child.stdout!.destroy();
    const url = `http://127.0.0.1:${port}/api/v1/instance`;
    await expect
      .poll(
        () =>
          fetch(url).then(
            (r) => r.status,
            () => 0,
          ),
        { timeout: 60_000 },
      )
      .toBe(200);
    // The banner is written just after the port opens; give its write time to fail.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await fetch(url)).status).toBe(200);
    expect(server.child.exitCode).toBeNull();
  }, 90_000);

  it('drains an in-flight request on SIGTERM, then exits 0', async () => {
    const server = await serve({ AISTUDIO_DATA_DIR: dataDir() });
    // Sign-in hashes with argon2, so the request is still running when the signal lands.
    const pending = fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'nobody@example.com', password: 'not-the-password' }),
    });
    await server.waitFor(/"url":"\/api\/v1\/auth\/login"/);
    server.child.kill('SIGTERM');
    const response = await pending;
    expect(response.status).toBe(401);
    expect(await server.exited).toBe(0);
  });

  it('prints usage and exits 2 for an unknown command', async () => {
    const { exited, output } = run(['frobnicate'], { AISTUDIO_DATA_DIR: dataDir() });
    expect(await exited).toBe(2);
    expect(output().stderr).toContain('Usage: aistudio');
  });
});

// Scale mode: `aistudio migrate` against PostgreSQL, then a server with shared Redis rate limits.
describe.skipIf(process.env.AISTUDIO_TEST_DB !== 'postgres')('aistudio CLI, scale mode', () => {
  it('migrates explicitly, then serves from PostgreSQL', async () => {
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    const name = `aistudio_cli_${Date.now().toString(36)}`;
    await admin.query(`CREATE DATABASE ${name}`);
    try {
      const url = new URL(process.env.TEST_DATABASE_URL!);
      url.pathname = `/${name}`;
      const env = {
        AISTUDIO_DATA_DIR: dataDir(),
        DATABASE_URL: url.toString(),
        AISTUDIO_SECRET_KEY: 'scale-mode-secret-key-0123456789abcdef',
        ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
      };
      const migrated = run(['migrate'], env);
      expect(await migrated.exited).toBe(0);
      const server = await serve(env);
      const setup = await fetch(`${server.url}/api/v1/auth/setup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'scale@example.com', password: PASSWORD, name: 'Scale' }),
      });
      expect(setup.status).toBe(201);
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  });
});
