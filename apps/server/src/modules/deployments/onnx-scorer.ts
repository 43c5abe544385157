import type { ModelInputField } from '@aistudio/contracts';
import type { ClassLabel, Column, InputField, Predictions, Table } from '@aistudio/engine';
import type { InferenceSession, Tensor } from 'onnxruntime-node';
import { UnprocessableError } from '../../http/errors.js';
import { readMetadataProps } from '../models/onnx-inspection.js';
import { MicroBatcher } from './micro-batcher.js';
import type { Scorer } from './model-scorer.js';

type Ort = typeof import('onnxruntime-node');

/** What the registry stored about an uploaded ONNX version. */
export interface OnnxVersion {
  task: 'binary' | 'multiclass' | 'regression' | null;
  inputSchema: ModelInputField[];
}

/**
 * An uploaded ONNX version scored by ONNX Runtime. Inputs are fed as the stored input schema
 * says (one tensor per column, by name); AI Studio exports answer `prediction` (regression) or
 * `probabilities` in the order of their `classes` metadata entry, which this reads too.
 */
export async function onnxScorer(bytes: Uint8Array, version: OnnxVersion): Promise<Scorer> {
  const ort = await import('onnxruntime-node');
  // Never released by hand: a caller (shadow scoring, a drift check) may still hold the scorer when
  // the cache drops it; the session's native memory is freed when it is garbage-collected.
  // One thread per session: requests are the parallelism, and an idle pool's spinning steals CPU.
  const session = await ort.InferenceSession.create(bytes, {
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    executionMode: 'sequential',
  });
  let metadata: Record<string, string> = {};
  try {
    metadata = readMetadataProps(bytes);
  } catch {
    // The runtime loaded the file at upload; without readable metadata classes fall back to indices.
  }
  const declaredClasses = parseClasses(metadata.classes);
  const regression =
    version.task === 'regression' || (version.task === null && declaredClasses === null);
  const output = pickOutput(session, regression);
  const feeders = version.inputSchema.map((field) => feederFor(ort, session, field));
  const batcher = new MicroBatcher(async (table) => {
    const feeds = Object.fromEntries(feeders.map((feed) => [feed.name, feed.tensor(table)]));
    const result = (await session.run(feeds, [output]))[output]!;
    const data = Float64Array.from(result.data as Float32Array);
    return regression
      ? { values: data }
      : classify(data, table.numRows, declaredClasses ?? indexClasses(data.length / table.numRows));
  });
  const classesOf = (): string[] | null => {
    if (regression) return null;
    if (declaredClasses) return declaredClasses.map(String);
    const dims = session.outputMetadata.find((o) => o.name === output);
    const k = dims?.isTensor ? Number(dims.shape[1] ?? 2) : 2;
    return indexClasses(Number.isFinite(k) ? Math.max(k, 2) : 2).map(String);
  };
  return {
    inputs: version.inputSchema.map((f): InputField => ({
      name: f.name,
      kind: f.kind,
      ...(f.categories ? { categories: f.categories } : {}),
    })),
    classes: classesOf(),
    score: (table) => batcher.score(table),
  };
}

function pickOutput(session: InferenceSession, regression: boolean): string {
  const preferred = regression ? 'prediction' : 'probabilities';
  if (session.outputNames.includes(preferred)) return preferred;
  const tensor = session.outputMetadata.find((o) => o.isTensor && /float|double/.test(o.type));
  if (!tensor) {
    throw new UnprocessableError(
      'This ONNX version has no numeric tensor output to serve (sequences and maps are not supported); export it with a tensor output.',
    );
  }
  return tensor.name;
}

interface Feeder {
  name: string;
  tensor(table: Table): Tensor;
}

/** How one column becomes the input tensor of the same name: [N, 1], or [N] for a rank-1 input. */
function feederFor(ort: Ort, session: InferenceSession, field: ModelInputField): Feeder {
  const meta = session.inputMetadata.find((m) => m.name === field.name);
  const rank = meta?.isTensor && meta.shape.length === 1 ? 1 : 2;
  const shape = (n: number) => (rank === 1 ? [n] : [n, 1]);
  const type = meta?.isTensor ? meta.type : (field.type ?? 'float32');
  const name = field.name;
  if (type === 'string') {
    return {
      name,
      tensor: (t) => new ort.Tensor('string', asStrings(t.column(name)), shape(t.numRows)),
    };
  }
  const numeric = (t: Table) => asNumbers(t.column(name));
  switch (type) {
    case 'float32':
      return {
        name,
        tensor: (t) => new ort.Tensor('float32', Float32Array.from(numeric(t)), shape(t.numRows)),
      };
    case 'float64':
      return {
        name,
        tensor: (t) => new ort.Tensor('float64', Float64Array.from(numeric(t)), shape(t.numRows)),
      };
    case 'int32':
      return {
        name,
        tensor: (t) => new ort.Tensor('int32', Int32Array.from(numeric(t)), shape(t.numRows)),
      };
    case 'int64':
      return {
        name,
        tensor: (t) =>
          new ort.Tensor(
            'int64',
            BigInt64Array.from(numeric(t), (v) => BigInt(Math.trunc(Number.isNaN(v) ? 0 : v))),
            shape(t.numRows),
          ),
      };
    default:
      throw new UnprocessableError(
        `Input "${name}" of this ONNX version is a ${type} tensor, which serving cannot fill; use float, double, int32, int64 or string inputs.`,
      );
  }
}

function asNumbers(column: Column): Float64Array {
  if (column.kind === 'numeric') return column.values;
  throw new Error(`column ${column.name} is ${column.kind}, the ONNX input is numeric`);
}

/** Categorical and text cells as strings; a missing one is "" (what AI Studio exports expect). */
function asStrings(column: Column): string[] {
  if (column.kind === 'categorical') {
    return Array.from(column.codes, (c) => (c < 0 ? '' : column.categories[c]!));
  }
  if (column.kind === 'text') return column.values.map((v) => v ?? '');
  return Array.from(column.values, (v) => (Number.isNaN(v) ? '' : String(v)));
}

function classify(scores: Float64Array, rows: number, classes: readonly ClassLabel[]): Predictions {
  // One score per row is P(second class): expand to two columns as the engine does.
  const probabilities =
    scores.length === rows
      ? Float64Array.from({ length: rows * 2 }, (_, j) =>
          j % 2 ? scores[j >> 1]! : 1 - scores[j >> 1]!,
        )
      : scores;
  const k = probabilities.length / rows;
  const labels = new Array<ClassLabel>(rows);
  for (let i = 0; i < rows; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) {
      if (probabilities[i * k + c]! > probabilities[i * k + best]!) best = c;
    }
    labels[i] = classes[best] ?? best;
  }
  return { labels, probabilities };
}

function parseClasses(text: string | undefined): ClassLabel[] | null {
  if (!text) return null;
  try {
    const parsed = JSON.parse(text) as unknown;
    return Array.isArray(parsed) &&
      parsed.length > 0 &&
      parsed.every((c) => typeof c === 'string' || typeof c === 'number')
      ? parsed
      : null;
  } catch {
    return null;
  }
}

function indexClasses(k: number): number[] {
  return Array.from({ length: k }, (_, i) => i);
}
