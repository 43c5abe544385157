import { openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';

/** Thrown when another live process already holds the embedded database. */
export class DatabaseInUseError extends Error {
  override name = 'DatabaseInUseError';
}

/** Locks this process holds: its own pid in a lock file is stale (a restarted container's pid 1) unless listed here. */
const held = new Set<string>();

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * PGlite is one process's database: a second process opening the same directory would corrupt it.
 * Takes a pid lock file, replacing it if the process that wrote it is gone; returns the release.
 */
export function lockDirectory(lockPath: string, what: string): () => void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      held.add(lockPath);
      return () => {
        held.delete(lockPath);
        rmSync(lockPath, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number(readFileSync(lockPath, 'utf8'));
      const holder = pid === process.pid ? held.has(lockPath) : pid > 0 && isAlive(pid);
      if (holder) {
        throw new DatabaseInUseError(
          `${what} is in use by process ${pid}. Stop that process first, or run several processes against PostgreSQL (DATABASE_URL).`,
        );
      }
      rmSync(lockPath, { force: true }); // left behind by a process that no longer runs
    }
  }
  throw new DatabaseInUseError(`Could not lock ${what}.`);
}
