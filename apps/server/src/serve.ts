import { ConfigError, type Config } from './config/config.js';
import { buildApp } from './app.js';

const DRAIN_TIMEOUT_MS = 25_000;

/**
 * Starts the HTTP server; SIGTERM/SIGINT stop accepting, drain in-flight requests, then exit 0.
 * `worker: false` (`serve --no-worker`) serves HTTP only and leaves jobs to `aistudio worker`s.
 */
export async function serve(config: Readonly<Config>, options: { worker?: boolean } = {}) {
  const runJobs = options.worker ?? true;
  if (!runJobs && config.database.kind !== 'postgres') {
    throw new ConfigError(
      '--no-worker needs DATABASE_URL: with the embedded database no other process can run the jobs.',
    );
  }
  const { app, services } = await buildApp(config, { runJobs, warmCompute: true });
  if (config.admin && (await services.auth.ensureInitialAdmin(config.admin))) {
    app.log.info(
      { email: config.admin.email },
      'created the instance owner from AISTUDIO_ADMIN_EMAIL',
    );
  }
  let stopping = false;
  // A response finished while draining closes its socket; otherwise a kept-alive client would hold
  // the server open until its keep-alive timeout.
  app.addHook('onSend', async (_request, reply, payload) => {
    if (stopping) void reply.header('connection', 'close');
    return payload;
  });
  const address = await app.listen({ port: config.port, host: config.host });
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'draining in-flight requests');
    setTimeout(() => {
      app.log.error('in-flight requests did not finish in time; exiting');
      process.exit(1);
    }, DRAIN_TIMEOUT_MS).unref();
    // close() stops accepting, answers new requests on open sockets with 503, waits for in-flight ones.
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        app.log.error({ err: error }, 'error while shutting down');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  const info = await services.auth.instanceInfo();
  return { app, address, setupRequired: info.setupRequired };
}
