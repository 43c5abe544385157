// `npm start`: builds whatever is missing or stale, then runs `aistudio serve` with the given args.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

function step(label, command, args) {
  process.stdout.write(`${label}…\n`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

// tsc -b is incremental: a no-op when the server, CLI and packages are up to date.
step('Building server', npx, ['tsc', '-b']);

const webIndex = path.join(root, 'apps/web/dist/index.html');
const webSources = [
  path.join(root, 'apps/web/src'),
  path.join(root, 'packages/sdk/src'),
  path.join(root, 'packages/contracts/src'),
];
const webBuiltAt = existsSync(webIndex) ? statSync(webIndex).mtimeMs : 0;
if (webSources.some((dir) => existsSync(dir) && newestMtime(dir) > webBuiltAt)) {
  step('Building web app', 'npm', ['run', 'build', '--silent', '-w', '@aistudio/web']);
}

const server = spawn(
  process.execPath,
  [path.join(root, 'apps/cli/bin/aistudio.js'), 'serve', ...process.argv.slice(2)],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
