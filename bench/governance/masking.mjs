// Bench: masking a dataset version into a new one (the PII policy's `mask`) — our DuckDB scalar
// functions running the JS masking transforms, vs DuckDB alone rewriting the same columns with
// built-in SQL (sha256, regexp_replace: not equivalent masking, the floor of a full-file rewrite).
// Rows: id, an e-mail column (hashed whole) and a note with phone numbers inside (redacted spans).
// Writes bench/results/masking.json. Usage: node bench/governance/masking.mjs [rows=1000000]
// (needs `npx tsc -b` first: it imports the server's compiled modules).
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dist = (file) => pathToFileURL(path.join(root, 'apps/server/dist/modules', file)).href;
const { maskParquet } = await import(dist('datasets/mask-parquet.js'));
const { orgPiiHashKey } = await import(dist('governance/pii-hash-key.js'));

const rows = Number(process.argv[2] ?? 1_000_000);
const rounds = 3;
// The machine is shared: the 1, 5 and 15 minute load averages say how noisy wall times are.
const loadAtStart = loadavg().map((l) => Number(l.toFixed(2)));
const dir = mkdtempSync(path.join(tmpdir(), 'bench-masking-'));
const source = path.join(dir, 'source.parquet');
const limits = { memoryLimit: '1GB', threads: 1, tempDirectory: path.join(dir, 'tmp') };

async function duckdb(work) {
  const instance = await DuckDBInstance.create(':memory:', { threads: '1', memory_limit: '1GB' });
  const connection = await instance.connect();
  try {
    return await work(connection);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** Wall and CPU seconds of `work` (CPU of this process: DuckDB's threads and the JS callbacks). */
async function measure(work) {
  const cpu = process.cpuUsage();
  const started = performance.now();
  await work();
  const used = process.cpuUsage(cpu);
  return { wall: (performance.now() - started) / 1000, cpu: (used.user + used.system) / 1e6 };
}

try {
  await duckdb((c) =>
    c.run(`COPY (SELECT range AS id,
        'user' || range || '@example' || (range % 97) || '.com' AS email,
        CASE WHEN range % 3 = 0 THEN 'call +44 20 7946 ' || lpad((range % 10000)::VARCHAR, 4, '0') || ' after six'
             ELSE 'no contact given' END AS note
      FROM range(${rows})) TO '${source}' (FORMAT parquet, COMPRESSION zstd)`),
  );
  const { key } = orgPiiHashKey('bench-secret-0123456789abcdefghijklmnop', 'bench-org');
  const plans = [
    { column: 'email', scope: 'value', kind: 'email', method: 'hash' },
    { column: 'note', scope: 'spans', methods: { phone: 'redact' } },
  ];
  const ours = [];
  const sqlOnly = [];
  for (let round = 0; round < rounds; round++) {
    ours.push(
      await measure(() =>
        maskParquet({
          sourcePath: source,
          outputPath: path.join(dir, `masked-${round}.parquet`),
          plans,
          key,
          limits,
        }),
      ),
    );
    sqlOnly.push(
      await measure(() =>
        duckdb((c) =>
          c.run(`COPY (SELECT * REPLACE (sha256(email) AS email,
              regexp_replace(note, '\\+?\\d[\\d ]{7,}\\d', '[REDACTED]', 'g') AS note)
            FROM read_parquet('${source}')) TO '${path.join(dir, `sql-${round}.parquet`)}' (FORMAT parquet, COMPRESSION zstd)`),
        ),
      ),
    );
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const summary = (list) => ({
    wallSeconds: Number(median(list.map((m) => m.wall)).toFixed(3)),
    cpuSeconds: Number(median(list.map((m) => m.cpu)).toFixed(3)),
    rowsPerSecond: Math.round(rows / median(list.map((m) => m.wall))),
    rowsPerCpuSecond: Math.round(rows / median(list.map((m) => m.cpu))),
  });
  const result = {
    bench: 'masking',
    rows,
    sourceBytes: statSync(source).size,
    rounds,
    ours: summary(ours),
    duckdbSqlOnly: summary(sqlOnly),
    cpuRatio: Number(
      (median(ours.map((m) => m.cpu)) / median(sqlOnly.map((m) => m.cpu))).toFixed(2),
    ),
    loadAverage: { atStart: loadAtStart, atEnd: loadavg().map((l) => Number(l.toFixed(2))) },
    node: process.version,
    date: new Date().toISOString(),
  };
  writeFileSync(
    path.join(root, 'bench/results/masking.json'),
    JSON.stringify(result, null, 2) + '\n',
  );
  console.log(JSON.stringify(result, null, 2));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
