import {
  DuckDBScalarFunction,
  VARCHAR,
  type DuckDBDataChunk,
  type DuckDBVector,
} from '@duckdb/node-api';
import { applyColumnMasking, type ColumnMasking } from '../governance/pii-policy.js';
import { quoteIdentifier, quoteLiteral } from './ingest/duckdb-session.js';
import type { DuckDBLimits } from './ingest/index.js';
import { withScratchDuckDB } from './scratch-duckdb.js';

/**
 * Rewrites the masked columns of a canonical Parquet file into a new one (zstd, row order kept):
 * each masked column goes through a DuckDB scalar function that applies its plan in JS, every
 * other column is copied as it is. Masked columns become text (a hashed card number is no number).
 */
export async function maskParquet(options: {
  sourcePath: string;
  outputPath: string;
  plans: readonly ColumnMasking[];
  key?: Uint8Array;
  limits: DuckDBLimits;
}): Promise<void> {
  await withScratchDuckDB(options.limits, async (session) => {
    await session.run('SET preserve_insertion_order = true');
    const replaced = options.plans.map((plan, i) => {
      const name = `aistudio_mask_${i}`;
      session.connection.registerScalarFunction(
        DuckDBScalarFunction.create({
          name,
          returnType: VARCHAR,
          parameterTypes: [VARCHAR],
          mainFunction: (_info, input: DuckDBDataChunk, output: DuckDBVector) => {
            const values = input.getColumnVector(0);
            for (let row = 0; row < input.rowCount; row++) {
              const value = values.getItem(row) as string | null;
              output.setItem(row, applyColumnMasking(value, plan, options.key));
            }
            output.flush();
          },
        }),
      );
      const column = quoteIdentifier(plan.column);
      return `${name}(CAST(${column} AS VARCHAR)) AS ${column}`;
    });
    await session.run(
      `COPY (SELECT * REPLACE (${replaced.join(', ')}) FROM read_parquet(${quoteLiteral(options.sourcePath)})) ` +
        `TO ${quoteLiteral(options.outputPath)} (FORMAT parquet, COMPRESSION zstd)`,
    );
  });
}
