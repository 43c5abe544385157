import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exportOnnx, predict, train, type TrainedModel } from '@aistudio/engine';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDuckDB } from '../../datasets/ingest/index.js';
import { readTrainingTable, type TrainingColumn } from '../../runs/read-training-table.js';
import { engineScorer, type Scorer } from '../../deployments/model-scorer.js';
import { onnxScorer } from '../../deployments/onnx-scorer.js';
import { scoreParquet } from '../score-parquet.js';

const dir = mkdtempSync(path.join(tmpdir(), 'score-parquet-'));
const limits = { memoryLimit: '256MB', threads: 1, tempDirectory: path.join(dir, 'duckdb') };
const source = path.join(dir, 'source.parquet');
const inputs: TrainingColumn[] = [
  { name: 'x', type: 'float' },
  { name: 'level', type: 'categorical' },
];
const ROWS = 5000;

async function outputRows(file: string) {
  const session = await openDuckDB(limits);
  try {
    return await session.rows<Record<string, unknown>>(`SELECT * FROM read_parquet($1)`, [file]);
  } finally {
    session.close();
  }
}

describe('scoreParquet', () => {
  let model: TrainedModel;
  const run = (scorer: Scorer, name: string, signal = new AbortController().signal) =>
    scoreParquet({
      sourcePath: source,
      outputPath: path.join(dir, `${name}.parquet`),
      inputs,
      scorer,
      limits,
      signal,
      rowsPerChunk: 1024,
    });

  beforeAll(async () => {
    const session = await openDuckDB(limits);
    await session.run(
      `COPY (SELECT i AS id, (i % 97) / 10.0 AS x, ['a', 'b', 'c'][i % 3 + 1] AS level,
              CASE WHEN (i % 97) / 10.0 + (i % 3) * 2 > 7 THEN 'high' WHEN (i % 97) / 10.0 > 3 THEN 'mid' ELSE 'low' END AS band
            FROM range(${ROWS}) t(i)) TO '${source}' (FORMAT parquet)`,
    );
    session.close();
    const table = await readTrainingTable(
      source,
      [...inputs, { name: 'band', type: 'categorical' }],
      limits,
    );
    model = await train(
      { target: 'band', features: ['x', 'level'], algorithm: 'gbdt', params: { nIter: 8 } },
      table,
    );
  }, 60_000);

  it('keeps every source column in order and adds the engine predictions row by row', async () => {
    const { rows } = await run(engineScorer(model), 'engine');
    expect(rows).toBe(ROWS);
    const out = await outputRows(path.join(dir, 'engine.parquet'));
    const expected = predict(model, await readTrainingTable(source, inputs, limits));
    const classes = model.target.classes!.map(String);
    expect(Object.keys(out[0]!)).toEqual([
      'id',
      'x',
      'level',
      'band',
      'prediction',
      ...classes.map((c) => `probability_${c}`),
    ]);
    out.forEach((row, i) => {
      expect(row.id).toBe(i);
      expect(row.prediction).toBe(String(expected.labels![i]));
      classes.forEach((c, j) => {
        expect(row[`probability_${c}`]).toBe(expected.probabilities![i * classes.length + j]);
      });
    });
  });

  it('gives the same labels through ONNX Runtime', async () => {
    const inputSchema = model.inputs.map(({ categories, ...input }) => ({
      ...input,
      type: null,
      ...(categories ? { categories: [...categories] } : {}),
    }));
    await run(await onnxScorer(exportOnnx(model), { task: model.task, inputSchema }), 'onnx');
    const onnx = await outputRows(path.join(dir, 'onnx.parquet'));
    const engine = await outputRows(path.join(dir, 'engine.parquet'));
    expect(onnx.map((r) => r.prediction)).toEqual(engine.map((r) => r.prediction));
  });

  it('stops between chunks when cancelled and writes no output', async () => {
    const controller = new AbortController();
    const cancelling: Scorer = {
      ...engineScorer(model),
      score(table) {
        controller.abort(new Error('cancelled'));
        return engineScorer(model).score(table);
      },
    };
    await expect(run(cancelling, 'cancelled', controller.signal)).rejects.toThrow('cancelled');
    expect(existsSync(path.join(dir, 'cancelled.parquet'))).toBe(false);
  });
});
