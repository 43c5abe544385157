// Case 2: from a penguins CSV upload to a finished GBDT run on an embedded server — upload, wait
// for ingest to make the version `ready`, start the run, follow it to `succeeded`.
import path from 'node:path';
import { writePenguinsCsv } from './bench-data.mjs';
import { estimateError, loadAverage, quantile, round } from './stats.mjs';

/** `repetitions` uploads of new bytes (rows rotated), each trained once with default GBDT. */
export async function measureUploadToRun({ client, work, repetitions }) {
  const loadBefore = loadAverage();
  const reps = [];
  for (let rep = 0; rep < repetitions; rep++) {
    const csvPath = path.join(work, `penguins-${rep}.csv`);
    writePenguinsCsv(csvPath, rep * 7);
    const started = performance.now();
    const versionId = await client.upload(csvPath, 'CC0-1.0');
    await client.waitReady(versionId, 25);
    const ready = performance.now();
    const accepted = await client.startRun({
      datasetVersionId: versionId,
      target: 'Species',
      algorithm: 'gbdt',
    });
    await client.followRun(accepted.id, ready);
    const finished = performance.now();
    const run = await client.getRun(accepted.id);
    reps.push({
      runId: run.id,
      totalMs: round(finished - started),
      uploadAndIngestMs: round(ready - started),
      queueAndTrainMs: round(finished - ready),
      runDurationMs: run.durationMs,
      accuracy: run.metrics.accuracy,
      estimate: estimateError(run),
    });
    console.log(`penguins ${rep + 1}/${repetitions}: ${round((finished - started) / 1000)} s`);
  }
  const summary = (key) => ({
    median: round(
      quantile(
        reps.map((r) => r[key]),
        0.5,
      ),
    ),
    p90: round(
      quantile(
        reps.map((r) => r[key]),
        0.9,
      ),
    ),
  });
  const totalMs = summary('totalMs');
  return {
    repetitions,
    totalMs,
    uploadAndIngestMs: summary('uploadAndIngestMs'),
    queueAndTrainMs: summary('queueAndTrainMs'),
    target: { medianUnderMs: 3000, met: totalMs.median < 3000 },
    reps,
    loadAverage: { before: loadBefore, after: loadAverage() },
  };
}
