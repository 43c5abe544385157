import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DatabaseInUseError, openDatabase, uuidv7 } from '../index.js';

describe('embedded database', () => {
  it('refuses a second opening of the same directory while the first is open', async () => {
    const dataDir = path.join(mkdtempSync(path.join(tmpdir(), 'aistudio-db-')), 'db');
    const first = await openDatabase({ kind: 'pglite', dataDir });
    await expect(openDatabase({ kind: 'pglite', dataDir })).rejects.toBeInstanceOf(
      DatabaseInUseError,
    );
    await first.close();
    const again = await openDatabase({ kind: 'pglite', dataDir });
    await again.close();
  });

  it('replaces a lock left behind by a process that no longer runs', async () => {
    const dataDir = path.join(mkdtempSync(path.join(tmpdir(), 'aistudio-db-')), 'db');
    writeFileSync(`${dataDir}.lock`, '999999999');
    const database = await openDatabase({ kind: 'pglite', dataDir });
    await database.ping();
    await database.close();
  });

  it('migrates a fresh database and is idempotent on a second run', async () => {
    const database = await openDatabase({ kind: 'pglite', dataDir: null });
    await database.migrate();
    await database.migrate();
    await database.ping();
    await database.close();
  });
});

describe('uuidv7', () => {
  it('sorts by creation time and carries version 7', () => {
    const earlier = uuidv7(1_700_000_000_000);
    const later = uuidv7(1_700_000_000_001);
    expect(earlier < later).toBe(true);
    expect(earlier).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
});
