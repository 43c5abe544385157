import { lstat, readdir, rm } from 'node:fs/promises';
import path from 'node:path';

/** Removes the entries of `dir` not modified for `olderThanMs`; returns how many went. */
export async function removeStaleEntries(dir: string, olderThanMs: number): Promise<number> {
  const cutoff = Date.now() - olderThanMs;
  let removed = 0;
  for (const name of await readdir(dir)) {
    const entry = path.join(dir, name);
    // A live writer touches its temp file with every chunk, so only dead ones fall behind the cutoff.
    const stats = await lstat(entry).catch(() => null);
    if (stats && stats.mtimeMs <= cutoff) {
      await rm(entry, { recursive: true, force: true });
      removed += 1;
    }
  }
  return removed;
}
