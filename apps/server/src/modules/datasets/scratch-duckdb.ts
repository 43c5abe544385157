import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { openDuckDB, type DuckDBLimits, type DuckDBSession } from './ingest/index.js';

/**
 * Runs `work` in a private DuckDB whose spill directory is its own: two instances sharing one
 * temp directory would write over each other's spill files.
 */
export async function withScratchDuckDB<T>(
  limits: DuckDBLimits,
  work: (session: DuckDBSession) => Promise<T>,
): Promise<T> {
  await mkdir(limits.tempDirectory, { recursive: true });
  const scratch = await mkdtemp(path.join(limits.tempDirectory, 'session-'));
  try {
    const session = await openDuckDB({ ...limits, tempDirectory: scratch });
    try {
      return await work(session);
    } finally {
      session.close();
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
