// The engine alone, in a plain Node process, doing the same work a run's training thread does with
// the server's own functions: read the Parquet with the same column types, hold out the same rows,
// train, evaluate on the held-out rows, export ONNX and serialise the model — each phase timed by
// itself (wall and CPU) on the main thread. Prints one JSON line; the model's SHA-256 shows that
// the work matched the run's.
// Usage: node bench/training/engine-alone.mjs '<{ parquetPath, columns, spec, testFraction, duckdb }>'
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { EngineInputError, exportOnnx, train } from '@aistudio/engine';
import { threadCpuSeconds } from './stats.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const serverModule = (name) =>
  import(pathToFileURL(path.join(root, 'apps/server/dist/modules/runs', name)).href);
const { readTrainingTable } = await serverModule('read-training-table.js');
const { evaluateRun, splitForRun } = await serverModule('run-evaluation.js');

const { parquetPath, columns, spec, testFraction, duckdb } = JSON.parse(process.argv[2]);

/** CPU seconds the main thread (not the process) has used, to set beside a run's training thread. */
const mainThreadCpuSeconds = () => threadCpuSeconds(process.pid).get(process.pid);

/**
 * Wall and CPU seconds of `work`: of the whole process (DuckDB and GC threads count too) and of
 * the main thread alone, where the work runs.
 */
async function phase(work) {
  const cpuBefore = process.cpuUsage();
  const threadBefore = mainThreadCpuSeconds();
  const started = performance.now();
  const value = await work();
  const cpu = process.cpuUsage(cpuBefore);
  return {
    value,
    seconds: (performance.now() - started) / 1000,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    threadCpuSeconds: mainThreadCpuSeconds() - threadBefore,
  };
}

const read = await phase(async () => {
  const table = await readTrainingTable(parquetPath, columns, duckdb);
  return { table, split: splitForRun(table, spec, testFraction) };
});
const { table, split } = read.value;
const trained = await phase(() => train(spec, split.train));
const model = trained.value;
// What the run's thread does after training: the same evaluation, ONNX file and model JSON.
const finished = await phase(async () => {
  await evaluateRun(model, split.test, null, spec.seed ?? 0);
  try {
    exportOnnx(model);
  } catch (error) {
    if (!(error instanceof EngineInputError)) throw error;
  }
  return JSON.stringify(model);
});
// The whole process (start, module loading, every phase), to compare with the server's CPU.
const total = process.cpuUsage();
const summary = ({ seconds, cpuSeconds, threadCpuSeconds }) => ({
  seconds,
  cpuSeconds,
  threadCpuSeconds,
});

console.log(
  JSON.stringify({
    rows: table.numRows,
    trainRows: split.train.numRows,
    readAndSplit: summary(read),
    train: summary(trained),
    evaluateAndExport: summary(finished),
    processCpuSeconds: (total.user + total.system) / 1e6,
    modelSha256: createHash('sha256').update(finished.value).digest('hex'),
  }),
);
