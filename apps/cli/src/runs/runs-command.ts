import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { RUN_FINAL_STATUSES, type RunStatus } from '@aistudio/contracts';
import { ApiError, createClient, unwrap, type AiStudioClient } from '@aistudio/sdk';
import { CliError } from '../cli-error.js';
import { formatRun, formatRunList } from './runs-format.js';

export const RUNS_USAGE = `Usage: aistudio runs <list|show|cancel> [options]

Talks to a running studio through its API (an API key with the read scope; write to cancel).

  runs list --project ID [--experiment ID] [--filter EXPR] [--limit N] [--cursor C]
                          a project's runs, newest first; EXPR is MLflow-style, e.g.
                          "metrics.accuracy > 0.9 and attributes.algorithm = 'gbdt'"
  runs show RUN_ID        a run's status, parameters and held-out metrics
  runs cancel RUN_ID [--wait]
                          cancel a queued, running or paused run (a running one stops at its
                          next iteration; --wait returns once it has)

Options:
  --server URL            the studio (default AISTUDIO_URL, else http://127.0.0.1:3000)
  --api-key KEY           an API key (default AISTUDIO_API_KEY; the variable keeps it out of ps)
  --json                  print the API's JSON on stdout`;

const DEFAULT_SERVER = 'http://127.0.0.1:3000';
const WAIT_POLL_MS = 250;

/** Where the command writes, and the variables it falls back on for the server and the key. */
export interface RunsIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** `aistudio runs list|show|cancel`: a client of the runs API through the SDK. */
export async function runRunsCommand(args: readonly string[], io: RunsIo): Promise<void> {
  const { values, positionals } = parseRunsArgs(args);
  const [action, ...ids] = positionals;
  if (values.help) {
    io.stdout.write(`${RUNS_USAGE}\n`);
    return;
  }
  if (action === undefined) throw usage('give an action: list, show or cancel');
  const server = values.server ?? io.env.AISTUDIO_URL ?? DEFAULT_SERVER;
  const client = createClient({
    baseUrl: checkServerUrl(server),
    apiKey: values['api-key'] ?? io.env.AISTUDIO_API_KEY,
  });
  const print = (json: unknown, text: string) =>
    io.stdout.write(values.json ? `${JSON.stringify(json)}\n` : text);
  try {
    if (action === 'list') {
      if (ids.length > 0) throw usage(`list takes no run id, got "${ids.join(' ')}"`);
      if (!values.project) throw usage('list needs --project ID');
      const page = await listRuns(client, values.project, values);
      print(page, formatRunList(page.items));
      if (page.nextCursor && !values.json) io.stderr.write(`More: --cursor ${page.nextCursor}\n`);
      return;
    }
    if (action !== 'show' && action !== 'cancel') {
      throw usage(`unknown action "${action}"; use list, show or cancel`);
    }
    if (ids.length !== 1) throw usage(`${action} needs one run id`);
    const path = { params: { path: { runId: ids[0]! } } };
    if (action === 'show') {
      const run = await unwrap(client.GET('/api/v1/runs/{runId}', path));
      print(run, formatRun(run));
      return;
    }
    let run = await unwrap(client.POST('/api/v1/runs/{runId}/cancel', path));
    while (values.wait && !isFinal(run.status)) {
      await sleep(WAIT_POLL_MS);
      run = await unwrap(client.GET('/api/v1/runs/{runId}', path));
    }
    print(
      run,
      isFinal(run.status)
        ? `Run ${run.id} (${run.name}) is ${run.status}.\n`
        : `Cancelling run ${run.id} (${run.name}): it stops at its next iteration.\n`,
    );
  } catch (error) {
    throw asCliError(error, server);
  }
}

function listRuns(
  client: AiStudioClient,
  projectId: string,
  values: { experiment?: string; filter?: string; limit?: string; cursor?: string },
) {
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1 && limit <= 200)) {
    throw usage(`--limit must be an integer in 1..200, got "${values.limit}"`);
  }
  return unwrap(
    client.GET('/api/v1/projects/{projectId}/runs', {
      params: {
        path: { projectId },
        query: {
          ...(limit === undefined ? {} : { limit }),
          ...(values.experiment ? { experimentId: values.experiment } : {}),
          ...(values.filter ? { filter: values.filter } : {}),
          ...(values.cursor ? { cursor: values.cursor } : {}),
        },
      },
    }),
  );
}

function parseRunsArgs(args: readonly string[]) {
  try {
    return parseArgs({
      args: [...args],
      allowPositionals: true,
      options: {
        server: { type: 'string' },
        'api-key': { type: 'string' },
        json: { type: 'boolean' },
        wait: { type: 'boolean' },
        project: { type: 'string' },
        experiment: { type: 'string' },
        filter: { type: 'string' },
        limit: { type: 'string' },
        cursor: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw usage(error instanceof Error ? error.message.split('\n')[0]! : String(error));
  }
}

function isFinal(status: RunStatus): boolean {
  return RUN_FINAL_STATUSES.includes(status);
}

function checkServerUrl(server: string): string {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw usage(`--server must be a URL such as http://127.0.0.1:3000, got "${server}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw usage(`--server must be an http or https URL, got "${server}"`);
  }
  return server.replace(/\/+$/, '');
}

function usage(message: string): CliError {
  return new CliError(`aistudio runs: ${message} (see aistudio runs --help)`, 2);
}

/** The server's problem detail, or why it could not be reached, as one line. */
function asCliError(error: unknown, server: string): CliError {
  if (error instanceof CliError) return error;
  if (error instanceof ApiError) {
    const hint = error.status === 401 ? ' (give --api-key or set AISTUDIO_API_KEY)' : '';
    return new CliError(`aistudio runs: ${error.status} ${error.problem.detail}${hint}`);
  }
  // fetch reports an unreachable server as a TypeError whose cause carries the system code.
  const cause = (error as { cause?: { code?: string; message?: string } } | null)?.cause;
  if (error instanceof TypeError && cause) {
    return new CliError(
      `aistudio runs: cannot reach ${server} (${cause.code ?? cause.message ?? String(cause)})`,
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  return new CliError(`aistudio runs: ${message.split('\n')[0]}`);
}
