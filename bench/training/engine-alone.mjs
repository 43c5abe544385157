// The engine alone, in a plain Node process: reads the same Parquet with the same column types and
// holds out the same rows as a run does (the server's own read and split), then times `train()`
// by itself on the main thread. Prints one JSON line; the model's SHA-256 shows the work matched.
// Usage: node bench/training/engine-alone.mjs '<{ parquetPath, columns, spec, testFraction }>'
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { train } from '@aistudio/engine';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const serverModule = (name) =>
  import(pathToFileURL(path.join(root, 'apps/server/dist/modules/runs', name)).href);
const { readTrainingTable } = await serverModule('read-training-table.js');
const { splitForRun } = await serverModule('run-evaluation.js');

const { parquetPath, columns, spec, testFraction, duckdb } = JSON.parse(process.argv[2]);
const seconds = (since) => (performance.now() - since) / 1000;

let started = performance.now();
const table = await readTrainingTable(parquetPath, columns, duckdb);
const split = splitForRun(table, spec, testFraction);
const readSeconds = seconds(started);

const cpuBefore = process.cpuUsage();
started = performance.now();
const model = await train(spec, split.train);
const trainSeconds = seconds(started);
const cpu = process.cpuUsage(cpuBefore);
// The whole process (DuckDB read, split and training), to compare with the server's CPU.
const total = process.cpuUsage();

console.log(
  JSON.stringify({
    rows: table.numRows,
    trainRows: split.train.numRows,
    readAndSplitSeconds: readSeconds,
    trainSeconds,
    trainCpuSeconds: (cpu.user + cpu.system) / 1e6,
    processCpuSeconds: (total.user + total.system) / 1e6,
    modelSha256: createHash('sha256').update(JSON.stringify(model)).digest('hex'),
  }),
);
