import { openDatabase } from '@aistudio/db';
import type { Config } from './config/config.js';
import { buildApp } from './app.js';

/** Applies pending migrations to the configured database (scale mode runs this before serving). */
export async function migrate(config: Readonly<Config>) {
  const database = await openDatabase(
    config.database.kind === 'postgres'
      ? { kind: 'postgres', url: config.database.url, poolSize: 1 }
      : { kind: 'pglite', dataDir: config.database.dataDir },
  );
  try {
    await database.migrate();
  } finally {
    await database.close();
  }
}

/** Creates a user with a personal organization, as `aistudio admin create-user` does. */
export async function createUser(
  config: Readonly<Config>,
  input: { email: string; name: string; password: string; isInstanceAdmin: boolean },
) {
  const { app, services } = await buildApp(config, { logger: false, runJobs: false });
  try {
    return await services.auth.createUserAsAdmin(input);
  } finally {
    await app.close();
  }
}
