// Runs the monitoring benches as child processes (drift.mjs, and logging-overhead.mjs and
// log-insert-cost.mjs when present),
// each printing one JSON object on stdout, and merges them into bench/results/monitoring.json.
// Run after `npm run build`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const BENCHES = ['drift.mjs', 'logging-overhead.mjs', 'log-insert-cost.mjs'];

const results = { measuredAt: new Date().toISOString(), node: process.version };
for (const bench of BENCHES) {
  const file = path.join(here, bench);
  if (!existsSync(file)) {
    process.stderr.write(`${bench}: not present, skipped\n`);
    continue;
  }
  process.stderr.write(`running ${bench}\n`);
  const child = spawnSync(process.execPath, [file], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (child.status !== 0) throw new Error(`${bench} exited ${child.status}`);
  // The bench's JSON (one line or pretty-printed) ends stdout; anything before it is stray output.
  const text = child.stdout.trim();
  const start = text.startsWith('{') ? 0 : text.lastIndexOf('\n{') + 1;
  const parsed = JSON.parse(text.slice(start));
  // Filed under the bench's name; a bench that already wraps itself in one key is unwrapped.
  const keys = Object.keys(parsed);
  results[path.basename(bench, '.mjs')] = keys.length === 1 ? parsed[keys[0]] : parsed;
}
mkdirSync(path.join(root, 'bench/results'), { recursive: true });
const out = path.join(root, 'bench/results/monitoring.json');
writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
process.stderr.write(`wrote ${path.relative(root, out)}\n`);
