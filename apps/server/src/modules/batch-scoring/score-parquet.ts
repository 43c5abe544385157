import { Table, type Predictions } from '@aistudio/engine';
import type { DuckDBAppender } from '@duckdb/node-api';
import { openDuckDB, quoteIdentifier, type DuckDBLimits } from '../datasets/ingest/index.js';
import { columnBuilder, loadExpression, type TrainingColumn } from '../runs/read-training-table.js';
import type { Scorer } from '../deployments/model-scorer.js';

/** The prediction columns a scorer adds: `prediction`, then `probability_<class>` per class. */
export function predictionColumns(classes: Scorer['classes']): string[] {
  return ['prediction', ...(classes ?? []).map((c) => `probability_${c}`)];
}

export interface ScoreParquetOptions {
  readonly sourcePath: string;
  readonly outputPath: string;
  /** The model's input columns, typed as the dataset version's schema says (read like training). */
  readonly inputs: readonly TrainingColumn[];
  /** The same scorers online serving uses: the engine, or ONNX Runtime for ONNX files. */
  readonly scorer: Scorer;
  readonly limits: DuckDBLimits;
  readonly signal: AbortSignal;
  readonly rowsPerChunk: number;
  readonly onChunk?: (rowsDone: number) => void;
}

/**
 * Streams the model's input columns out of the source Parquet in chunks, scores each (the next
 * chunk is read while ONNX Runtime scores the last), collects the predictions in a DuckDB table
 * and writes source columns + prediction columns side by side (a positional join) as Parquet.
 */
export async function scoreParquet(options: ScoreParquetOptions): Promise<{ rows: number }> {
  const { scorer, signal } = options;
  const reader = await openDuckDB(options.limits);
  const writer = await openDuckDB(options.limits).catch((error: unknown) => {
    reader.close();
    throw error;
  });
  try {
    const names = predictionColumns(scorer.classes);
    const predictionType = scorer.classes === null ? 'DOUBLE' : 'VARCHAR';
    await writer.run(
      `CREATE TABLE scores (${names
        .map((n, i) => `${quoteIdentifier(n)} ${i === 0 ? predictionType : 'DOUBLE'}`)
        .join(', ')})`,
    );
    const appender = await writer.connection.createAppender('scores');
    const selects = options.inputs.map((c) => `${loadExpression(c)} AS ${quoteIdentifier(c.name)}`);
    const result = await reader.connection.stream(
      `SELECT ${selects.join(', ')} FROM read_parquet($1)`,
      [options.sourcePath],
    );
    let rows = 0;
    let pending: Promise<void> = Promise.resolve();
    for (let done = false; !done;) {
      signal.throwIfAborted();
      const builders = options.inputs.map((c) => columnBuilder(c));
      let chunkRows = 0;
      while (chunkRows < options.rowsPerChunk) {
        const chunk = await result.fetchChunk();
        if (!chunk || chunk.rowCount === 0) {
          done = true;
          break;
        }
        builders.forEach((b, i) => b.append(chunk.getColumnVector(i), chunk.rowCount));
        chunkRows += chunk.rowCount;
      }
      await pending;
      if (chunkRows === 0) break;
      const table = Table.fromColumnList(builders.map((b) => b.finish()));
      const scoring = scorer.score(table);
      rows += chunkRows;
      const rowsDone = rows;
      pending = scoring.then((scored) => {
        appendScores(appender, scored, chunkRows, names.length - 1);
        options.onChunk?.(rowsDone);
      });
      // Awaited before the next chunk; until then a failure must not count as unhandled.
      pending.catch(() => undefined);
    }
    await pending;
    signal.throwIfAborted();
    appender.closeSync();
    await writer.run(
      `COPY (SELECT * FROM read_parquet(${sqlString(options.sourcePath)}) POSITIONAL JOIN scores) ` +
        `TO ${sqlString(options.outputPath)} (FORMAT parquet)`,
    );
    return { rows };
  } finally {
    reader.close();
    writer.close();
  }
}

function appendScores(
  appender: DuckDBAppender,
  scored: Predictions,
  rows: number,
  classes: number,
): void {
  for (let i = 0; i < rows; i++) {
    if (scored.values) appender.appendDouble(scored.values[i]!);
    else appender.appendVarchar(String(scored.labels![i]));
    for (let c = 0; c < classes; c++)
      appender.appendDouble(scored.probabilities![i * classes + c]!);
    appender.endRow();
  }
}

function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
