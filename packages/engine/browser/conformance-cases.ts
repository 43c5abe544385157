import type { GbdtParams, predictGbdt, Table, trainGbdt, TrainGbdtOptions } from '@aistudio/engine';

/**
 * The part of the engine a conformance case calls. It is passed in rather than imported, so the
 * same case code runs on the engine source in Node and on the Vite build in a browser worker.
 */
export interface EngineUnderTest {
  readonly Table: typeof Table;
  readonly trainGbdt: typeof trainGbdt;
  readonly predictGbdt: typeof predictGbdt;
}

/** Columns as plain JSON: null marks a missing value; string columns become categorical. */
export interface TableSpec {
  readonly numeric: Readonly<Record<string, readonly (number | null)[]>>;
  readonly categorical?: Readonly<Record<string, readonly (string | null)[]>>;
}

/** One GBDT run: train on `train` and `target`, then predict `predict`. JSON, so it can be posted. */
export interface ConformanceCase {
  readonly name: string;
  readonly params: GbdtParams;
  readonly train: TableSpec;
  readonly target: readonly number[];
  readonly predict: TableSpec;
}

/** What a run produced, in forms that compare bit for bit across runtimes. */
export interface CaseResult {
  /** `JSON.stringify` of the model: every tree, threshold, leaf value and loss. */
  readonly modelJson: string;
  /** The predictions' IEEE-754 bytes in hex, so nothing is rounded on the way out of a page. */
  readonly predictionsHex: string;
  readonly trees: number;
}

/** Builds the case's table from its JSON columns. */
export function tableOf(engine: EngineUnderTest, spec: TableSpec): Table {
  const numeric = Object.fromEntries(
    Object.entries(spec.numeric).map(([name, values]) => [
      name,
      Float64Array.from(values, (v) => v ?? NaN),
    ]),
  );
  return engine.Table.fromColumns({ ...numeric, ...spec.categorical });
}

/** Trains and predicts one case. */
export async function runCase(
  engine: EngineUnderTest,
  c: ConformanceCase,
  options: TrainGbdtOptions = {},
): Promise<CaseResult> {
  const model = await engine.trainGbdt(
    c.params,
    tableOf(engine, c.train),
    Float64Array.from(c.target),
    options,
  );
  const predictions = engine.predictGbdt(model, tableOf(engine, c.predict));
  return {
    modelJson: JSON.stringify(model),
    predictionsHex: float64ToHex(predictions),
    trees: model.trees.length,
  };
}

/**
 * Raw scores (log-odds, or one score per class) of a serialised model on a table. They are sums of
 * leaf values, so unlike probabilities they involve no `Math.exp` and must match on any runtime.
 */
export function predictRaw(engine: EngineUnderTest, modelJson: string, spec: TableSpec): string {
  const model = JSON.parse(modelJson) as Parameters<typeof predictGbdt>[0];
  return float64ToHex(engine.predictGbdt(model, tableOf(engine, spec), { raw: true }));
}

/** Wall time of each of `runs` trainings of the case (tables built beforehand), in milliseconds. */
export async function timeTraining(
  engine: EngineUnderTest,
  c: ConformanceCase,
  runs: number,
): Promise<{ readonly ms: number[]; readonly modelJson: string }> {
  const table = tableOf(engine, c.train);
  const target = Float64Array.from(c.target);
  const ms: number[] = [];
  let modelJson = '';
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    const model = await engine.trainGbdt(c.params, table, target);
    ms.push(performance.now() - start);
    modelJson = JSON.stringify(model);
  }
  return { ms, modelJson };
}

/** Hex of the array's bytes (platform byte order: little-endian on every runtime we target). */
export function float64ToHex(values: Float64Array): string {
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/** Inverse of `float64ToHex`. */
export function hexToFloat64(hex: string): Float64Array {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return new Float64Array(bytes.buffer);
}
