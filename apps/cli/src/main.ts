import { parseArgs } from 'node:util';
import {
  AppError,
  ConfigError,
  DatabaseInUseError,
  createUser,
  loadConfig,
  migrate,
  runWorker,
  serve,
  type Env,
} from '@aistudio/server';
import { CliError } from './cli-error.js';
import { handleClosedOutput } from './closed-output.js';

const USAGE = `Usage: aistudio <command> [options]

Commands:
  serve [--port N] [--host H] [--data-dir DIR] [--no-worker]
                                                  start the studio (API + web app); --no-worker leaves
                                                  jobs to \`aistudio worker\` processes (needs DATABASE_URL)
  worker                                          run background jobs only, no HTTP (needs DATABASE_URL;
                                                  REDIS_URL for BullMQ)
  migrate                                         apply database migrations (scale mode)
  admin create-user --email E --name N [--password P] [--instance-admin]
                                                  create a user; the password may come from AISTUDIO_NEW_USER_PASSWORD
  train <file> --target COL [options]             train a model locally on a CSV, JSON or Parquet file
                                                  (no server; see aistudio train --help)
  runs list|show|cancel [--server URL] [--api-key KEY]
                                                  a studio's training runs (see aistudio runs --help)

Configuration comes from environment variables; see .env.example.`;

/** Command-line flags override the matching environment variables. */
function envWith(overrides: Record<string, string | undefined>): Env {
  const env: Env = { ...process.env };
  for (const [key, value] of Object.entries(overrides)) if (value !== undefined) env[key] = value;
  return env;
}

async function main(argv: string[]) {
  const [command, ...rest] = argv;
  handleClosedOutput(command === 'serve' || command === 'worker' ? 'keep-running' : 'exit');
  if (command === 'serve') {
    const { values } = parseArgs({
      args: rest,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'data-dir': { type: 'string' },
        'no-worker': { type: 'boolean', default: false },
      },
    });
    const config = loadConfig(
      envWith({ PORT: values.port, HOST: values.host, AISTUDIO_DATA_DIR: values['data-dir'] }),
    );
    const { address, setupRequired } = await serve(config, { worker: !values['no-worker'] });
    const url = address.replace('0.0.0.0', 'localhost').replace('[::]', 'localhost');
    process.stdout.write(
      `\nAI Studio is running at ${url}\n` +
        (setupRequired
          ? `Open it to create the owner account (or set AISTUDIO_ADMIN_EMAIL and AISTUDIO_ADMIN_PASSWORD).\n`
          : `Sign in with your account. API docs: ${url}/api/docs\n`) +
        '\n',
    );
    return;
  }
  if (command === 'worker') {
    await runWorker(loadConfig(process.env));
    process.stdout.write('AI Studio worker running; stop it with Ctrl-C or SIGTERM.\n');
    return;
  }
  if (command === 'migrate') {
    await migrate(loadConfig(process.env));
    process.stdout.write('Migrations applied.\n');
    return;
  }
  if (command === 'admin' && rest[0] === 'create-user') {
    const { values } = parseArgs({
      args: rest.slice(1),
      options: {
        email: { type: 'string' },
        name: { type: 'string' },
        password: { type: 'string' },
        'instance-admin': { type: 'boolean', default: false },
      },
    });
    const password = values.password ?? process.env.AISTUDIO_NEW_USER_PASSWORD;
    if (!values.email || !values.name || !password) {
      throw new UsageError(
        'admin create-user needs --email, --name and a password (--password or AISTUDIO_NEW_USER_PASSWORD).',
      );
    }
    const user = await createUser(loadConfig(process.env), {
      email: values.email.toLowerCase(),
      name: values.name,
      password,
      isInstanceAdmin: values['instance-admin'],
    });
    process.stdout.write(`Created user ${user.email} (${user.id}).\n`);
    return;
  }
  // Loaded on use, so the other commands never load the training and SDK code.
  if (command === 'train') {
    const { runTrainCommand } = await import('./train/train-command.js');
    await runTrainCommand(rest, { stdout: process.stdout, stderr: process.stderr });
    return;
  }
  if (command === 'runs') {
    const { runRunsCommand } = await import('./runs/runs-command.js');
    await runRunsCommand(rest, {
      stdout: process.stdout,
      stderr: process.stderr,
      env: process.env,
    });
    return;
  }
  throw new UsageError(command ? `Unknown command "${argv.join(' ')}".` : 'No command given.');
}

class UsageError extends Error {}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof CliError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(error.exitCode);
  }
  if (error instanceof UsageError) process.stderr.write(`${error.message}\n\n${USAGE}\n`);
  else if (
    error instanceof ConfigError ||
    error instanceof DatabaseInUseError ||
    error instanceof AppError
  ) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(
      `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
  process.exit(error instanceof UsageError ? 2 : 1);
});
