import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

const dataDir = () => mkdtempSync(path.join(tmpdir(), 'aistudio-config-'));

describe('loadConfig', () => {
  it('defaults to embedded mode on port 3000 with PGlite in the data dir', () => {
    const dir = dataDir();
    const config = loadConfig({ AISTUDIO_DATA_DIR: dir });
    expect(config.port).toBe(3000);
    expect(config.database).toEqual({ kind: 'pglite', dataDir: path.join(dir, 'db') });
    expect(config.redisUrl).toBeNull();
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('generates the secret key once, mode 0600, and reuses it', () => {
    const dir = dataDir();
    const first = loadConfig({ AISTUDIO_DATA_DIR: dir }).secretKey;
    const file = path.join(dir, 'secret.key');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim()).toBe(first);
    expect(loadConfig({ AISTUDIO_DATA_DIR: dir }).secretKey).toBe(first);
  });

  it('names the invalid variable', () => {
    expect(() => loadConfig({ PORT: 'eighty', AISTUDIO_DATA_DIR: dataDir() })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x', AISTUDIO_DATA_DIR: dataDir() })).toThrow(
      /DATABASE_URL/,
    );
    expect(() => loadConfig({ LOG_LEVEL: 'loud', AISTUDIO_DATA_DIR: dataDir() })).toThrow(
      ConfigError,
    );
  });

  it('requires a shared secret key in scale mode', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://db/aistudio' })).toThrow(
      /AISTUDIO_SECRET_KEY/,
    );
    const config = loadConfig({
      DATABASE_URL: 'postgres://db/aistudio',
      AISTUDIO_SECRET_KEY: 'k'.repeat(32),
    });
    expect(config.database).toMatchObject({ kind: 'postgres', url: 'postgres://db/aistudio' });
  });

  it('requires S3 credentials in pairs and a bucket for any S3 setting', () => {
    const base = { AISTUDIO_DATA_DIR: dataDir() };
    expect(() => loadConfig({ ...base, S3_ENDPOINT: 'http://minio:9000' })).toThrow(/S3_BUCKET/);
    expect(() => loadConfig({ ...base, S3_BUCKET: 'b', S3_ACCESS_KEY_ID: 'id' })).toThrow(
      /S3_SECRET_ACCESS_KEY/,
    );
    const config = loadConfig({ ...base, S3_BUCKET: 'b', S3_FORCE_PATH_STYLE: 'true' });
    expect(config.s3).toMatchObject({ bucket: 'b', forcePathStyle: true });
  });

  it('requires a password with the headless admin email', () => {
    expect(() =>
      loadConfig({ AISTUDIO_DATA_DIR: dataDir(), AISTUDIO_ADMIN_EMAIL: 'a@example.com' }),
    ).toThrow(/AISTUDIO_ADMIN_PASSWORD/);
  });

  it('trusts proxies by hop count or by address, never blindly', () => {
    const base = { AISTUDIO_DATA_DIR: dataDir() };
    expect(loadConfig({ ...base, TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ ...base, TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).trustProxy).toEqual([
      '10.0.0.0/8',
      '127.0.0.1',
    ]);
    expect(loadConfig(base).trustProxy).toBe(false);
    expect(() => loadConfig({ ...base, TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY/);
    expect(() => loadConfig({ ...base, TRUST_PROXY: 'proxy.internal' })).toThrow(/TRUST_PROXY/);
  });
});
