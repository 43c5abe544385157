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
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
    if (stderr.length > 20_000) stderr = stderr.slice(-10_000);
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const ready = new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const value = readyWhen(out);
      if (value) resolve(value);
    });
    exited.then((code) => reject(new Error(`aistudio ${args[0]} exited ${code}: ${stderr}`)));
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
