import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config/config.js';
import { serve } from '../serve.js';
import { runWorker } from '../worker.js';

describe('job-process entry points on the embedded database', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'aistudio-entry-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const config = loadConfig({ AISTUDIO_DATA_DIR: dataDir });

  it('refuses `aistudio worker` without DATABASE_URL, naming it', async () => {
    await expect(runWorker(config)).rejects.toThrow(ConfigError);
    await expect(runWorker(config)).rejects.toThrow(/DATABASE_URL/);
  });

  it('refuses `serve --no-worker` without DATABASE_URL: nothing else could run the jobs', async () => {
    await expect(serve(config, { worker: false })).rejects.toThrow(
      /--no-worker needs DATABASE_URL/,
    );
  });
});
