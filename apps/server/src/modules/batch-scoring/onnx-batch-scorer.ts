import type { Table } from '@aistudio/engine';
import type * as Ort from 'onnxruntime-node';
import { readMetadataProps } from '../models/onnx-inspection.js';
import type { BatchScorer, ScoredChunk } from './batch-scorer.js';

/**
 * Scores with ONNX Runtime: one [N, 1] tensor per input (float or double numbers with NaN =
 * missing, strings with "" = missing), as AI Studio exports and ONNX uploads take them. Outputs
 * `probabilities` (classes from the file's metadata) or `prediction`; other files their first output.
 */
export async function onnxScorer(
  bytes: Uint8Array,
  task: string | null,
  threads: number,
): Promise<BatchScorer> {
  const ort = await import('onnxruntime-node');
  const session = await ort.InferenceSession.create(bytes, {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
  });
  const classes = classesOf(bytes);
  const outputName = pickOutput(session.outputNames, task);
  const classifier = task !== 'regression' && classes !== null && outputName !== 'prediction';
  const outputType = session.outputMetadata.find((o) => o.name === outputName);
  // A file without class metadata whose output is labels (e.g. skl2onnx's `label`): labels only.
  const labelsOnly = !classifier && outputType?.isTensor === true && outputType.type === 'string';
  const inputTypes = new Map(
    session.inputMetadata.map((input) => [input.name, input.isTensor ? input.type : 'float32']),
  );
  return {
    output: classifier
      ? { kind: 'label', classes }
      : labelsOnly
        ? { kind: 'label', classes: [] }
        : { kind: 'value' },
    async score(table) {
      const feeds: Record<string, Ort.Tensor> = {};
      for (const [name, type] of inputTypes) feeds[name] = toTensor(ort, table, name, type);
      const result = await session.run(feeds, [outputName]);
      const tensor = result[outputName]!;
      if (classifier) return toLabels(tensor, classes);
      return labelsOnly ? { labels: tensor.data as string[] } : toValues(tensor);
    },
    close: () => session.release(),
  };
}

function classesOf(bytes: Uint8Array): string[] | null {
  try {
    const parsed: unknown = JSON.parse(readMetadataProps(bytes).classes ?? 'null');
    return Array.isArray(parsed) ? parsed.map(String) : null;
  } catch {
    return null;
  }
}

function pickOutput(names: readonly string[], task: string | null): string {
  const wanted = task === 'regression' ? 'prediction' : 'probabilities';
  return names.includes(wanted) ? wanted : names[0]!;
}

function toTensor(ort: typeof Ort, table: Table, name: string, type: string): Ort.Tensor {
  const column = table.column(name);
  const shape = [table.numRows, 1];
  if (column.kind === 'numeric' && type === 'string') {
    // A categorical input held as numbers (codes): its categories are the decimal strings.
    const strings = Array.from(column.values, (v) => (Number.isNaN(v) ? '' : String(v)));
    return new ort.Tensor('string', strings, shape);
  }
  if (column.kind === 'numeric') {
    if (type === 'float64') return new ort.Tensor('float64', column.values, shape);
    if (type === 'int64') {
      return new ort.Tensor(
        'int64',
        BigInt64Array.from(column.values, (v) => BigInt(Number.isNaN(v) ? 0 : Math.trunc(v))),
        shape,
      );
    }
    return new ort.Tensor('float32', Float32Array.from(column.values), shape);
  }
  const strings =
    column.kind === 'categorical'
      ? Array.from(column.codes, (c) => (c < 0 ? '' : column.categories[c]!))
      : column.values.map((v) => v ?? '');
  return new ort.Tensor('string', strings, shape);
}

function toLabels(tensor: Ort.Tensor, classes: string[]): ScoredChunk {
  const probabilities = tensor.data as Float32Array;
  const k = classes.length;
  const rows = probabilities.length / k;
  const labels = new Array<string>(rows);
  for (let i = 0; i < rows; i++) {
    let best = 0;
    // Strictly greater, like the engine: a tie goes to the first class.
    for (let c = 1; c < k; c++)
      if (probabilities[i * k + c]! > probabilities[i * k + best]!) best = c;
    labels[i] = classes[best]!;
  }
  return { labels, probabilities };
}

function toValues(tensor: Ort.Tensor): ScoredChunk {
  const data = tensor.data;
  return {
    values:
      data instanceof Float32Array || data instanceof Float64Array
        ? data
        : Float64Array.from(data as ArrayLike<number | bigint>, Number),
  };
}
