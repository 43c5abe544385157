// Starts the real `aistudio serve` and `aistudio worker` entry points as child processes, the way
// an operator runs them, and stops them with SIGTERM.
import { execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = path.join(root, 'apps/cli/bin/aistudio.js');

/** `aistudio serve` on a free port; resolves with its base URL once it listens. */
export function startServe({ dataDir, env, noWorker = false }) {
  const args = [
    'serve',
    '--port',
    '0',
    '--data-dir',
    dataDir,
    ...(noWorker ? ['--no-worker'] : []),
  ];
  return startProcess(args, env, (out) => /running at (http:\/\/\S+)/.exec(out)?.[1]);
}

/** `aistudio worker`; resolves once it reports that it runs jobs. */
export function startWorker({ env }) {
  return startProcess(['worker'], env, (out) => (out.includes('worker running') ? true : null));
}

/** `aistudio migrate` (scale mode applies migrations once, before any server starts). */
export function migrate({ env }) {
  execFileSync(process.execPath, [CLI, 'migrate'], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

function startProcess(args, env, readyWhen) {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: root,
    // Request logs would compete with the measured work for the two cores.
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const ready = new Promise((resolve, reject) => {
    let out = '';
    let partial = '';
    child.stdout.on('data', (chunk) => {
      if (out !== null) {
        out += chunk;
        const value = readyWhen(out);
        if (value) {
          out = null;
          resolve(value);
        }
      }
      const lines = (partial + chunk).split('\n');
      partial = lines.pop();
      for (const line of lines) forwardIfError(args[0], line);
    });
    exited.then((code) => reject(new Error(`aistudio ${args[0]} exited ${code}`)));
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  return ready.then(
    (value) => ({ value, pid: child.pid, stop }),
    async (error) => {
      await stop();
      throw error;
    },
  );
}

/** A failed run only says "see the server log": pino's error lines (level >= 50) are shown. */
function forwardIfError(command, line) {
  if (!line.startsWith('{')) return;
  try {
    if (JSON.parse(line).level >= 50) process.stderr.write(`[aistudio ${command}] ${line}\n`);
  } catch {
    // not a log line
  }
}
