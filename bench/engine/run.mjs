// `npm run bench:engine`: runs every engine bench one after another (never side by side: they
// would share the two cores) and gathers their results into bench/results/engine.json.
// Each bench also keeps its own file (engine-<name>.json) and can be run alone.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// The GBDT bench runs every case (the 1M-row ones take minutes each).
const args = { gbdt: ['all'] };
const benches = ['parity', 'gbdt', 'linear', 'mlp', 'browser'].filter((name) =>
  existsSync(path.join(root, `bench/engine/${name}.mjs`)),
);

const results = {};
for (const name of benches) {
  console.log(`\n=== engine bench: ${name} ===`);
  try {
    execFileSync('node', [path.join(root, `bench/engine/${name}.mjs`), ...(args[name] ?? [])], {
      cwd: root,
      stdio: 'inherit',
    });
    results[name] = JSON.parse(
      readFileSync(path.join(root, `bench/results/engine-${name}.json`), 'utf8'),
    );
  } catch (error) {
    // One missing peer must not hide the other results: record why and go on.
    results[name] = { error: error instanceof Error ? error.message : String(error) };
  }
}
const out = path.join(root, 'bench/results/engine.json');
writeFileSync(out, `${JSON.stringify({ date: new Date().toISOString(), results }, null, 2)}\n`);
console.log(`\nwrote ${path.relative(root, out)}`);
