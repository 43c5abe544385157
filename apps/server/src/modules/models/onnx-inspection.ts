import { readFile } from 'node:fs/promises';
import type { ModelInputField } from '@aistudio/contracts';
import { UnprocessableError } from '../../http/errors.js';

/** What the registry learns from an ONNX file: its inputs, outputs and metadata entries. */
export interface OnnxInspection {
  inputs: ModelInputField[];
  outputs: string[];
  /** `metadata_props` of the model (AI Studio exports put task, target, classes and inputs here). */
  metadata: Record<string, string>;
}

const NUMERIC_TYPES = new Set([
  'float32',
  'float64',
  'float16',
  'int8',
  'int16',
  'int32',
  'int64',
  'uint8',
  'uint16',
  'uint32',
  'uint64',
  'bool',
]);
// ONNX names element types as the spec does; onnxruntime reports its own names.
const ONNX_TYPE_NAMES: Record<string, string> = { float32: 'float', float64: 'double' };

/**
 * Loads the file in ONNX Runtime (the runtime that will serve it), so a corrupt file or one using
 * operators the runtime lacks is refused now, not at the first prediction. 422 names the cause.
 */
export async function inspectOnnx(filePath: string): Promise<OnnxInspection> {
  const bytes = await readFile(filePath);
  const ort = await import('onnxruntime-node');
  let session: Awaited<ReturnType<typeof ort.InferenceSession.create>>;
  try {
    session = await ort.InferenceSession.create(bytes);
  } catch (error) {
    throw notRunnable(error);
  }
  try {
    let metadata: Record<string, string> = {};
    try {
      metadata = readMetadataProps(bytes);
    } catch {
      // ONNX Runtime accepted the file; metadata we cannot read only costs the hints it holds.
    }
    const declared = declaredInputs(metadata);
    const inputs = session.inputMetadata.map((input): ModelInputField => {
      if (!input.isTensor) {
        throw notRunnable(
          new Error(`input "${input.name}" is not a tensor (sequences and maps are not supported)`),
        );
      }
      const type = ONNX_TYPE_NAMES[input.type] ?? input.type;
      const kind =
        declared.get(input.name) ??
        (input.type === 'string'
          ? 'categorical'
          : NUMERIC_TYPES.has(input.type)
            ? 'numeric'
            : null);
      if (!kind) {
        throw notRunnable(
          new Error(
            `input "${input.name}" has element type ${input.type}, which tabular serving cannot fill`,
          ),
        );
      }
      return { name: input.name, kind, type };
    });
    return { inputs, outputs: [...session.outputNames], metadata };
  } finally {
    await session.release();
  }
}

function notRunnable(error: unknown): UnprocessableError {
  const raw = error instanceof Error ? error.message : String(error);
  // ORT's messages start with the internal path or a bracketed code; keep the part a user can act on.
  const reason = raw
    .replace(/^.*?failed:\s*/s, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 300);
  const message = `is not an ONNX model ONNX Runtime can run: ${reason}`;
  return new UnprocessableError(`file: ${message}`, [{ field: 'file', message }]);
}

/** Column kinds an AI Studio export declares in its `inputs` metadata entry. */
function declaredInputs(metadata: Record<string, string>): Map<string, ModelInputField['kind']> {
  const kinds = new Map<string, ModelInputField['kind']>();
  try {
    const parsed = JSON.parse(metadata.inputs ?? '[]') as unknown;
    if (!Array.isArray(parsed)) return kinds;
    for (const item of parsed as { name?: unknown; kind?: unknown }[]) {
      if (
        typeof item?.name === 'string' &&
        (item.kind === 'numeric' || item.kind === 'categorical' || item.kind === 'text')
      ) {
        kinds.set(item.name, item.kind);
      }
    }
  } catch {
    // Not ours, or not JSON: the graph's own types decide.
  }
  return kinds;
}

/**
 * Reads `ModelProto.metadata_props` (field 14: key = 1, value = 2) from the protobuf bytes;
 * ONNX Runtime's JavaScript API does not expose them. Skips every other field.
 */
export function readMetadataProps(bytes: Uint8Array): Record<string, string> {
  const out: Record<string, string> = {};
  const decoder = new TextDecoder();
  for (const field of protobufFields(bytes, 0, bytes.length)) {
    if (field.number !== 14 || field.wire !== 2) continue;
    let key = '';
    let value = '';
    for (const inner of protobufFields(bytes, field.start, field.end)) {
      if (inner.wire !== 2) continue;
      const text = decoder.decode(bytes.subarray(inner.start, inner.end));
      if (inner.number === 1) key = text;
      else if (inner.number === 2) value = text;
    }
    if (key) out[key] = value;
  }
  return out;
}

interface ProtobufField {
  number: number;
  wire: number;
  /** Length-delimited fields: where the payload starts and ends. */
  start: number;
  end: number;
}

function* protobufFields(bytes: Uint8Array, from: number, to: number): Generator<ProtobufField> {
  let pos = from;
  const varint = (): number => {
    let result = 0;
    let shift = 0;
    for (;;) {
      if (pos >= to) throw new Error('truncated varint');
      const byte = bytes[pos++]!;
      result += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return result;
      shift += 7;
    }
  };
  while (pos < to) {
    const tag = varint();
    const wire = tag % 8;
    const number = Math.floor(tag / 8);
    if (wire === 0) varint();
    else if (wire === 1) pos += 8;
    else if (wire === 5) pos += 4;
    else if (wire === 2) {
      const length = varint();
      const start = pos;
      pos += length;
      if (pos > to) throw new Error('truncated field');
      yield { number, wire, start, end: pos };
      continue;
    } else throw new Error(`unsupported wire type ${wire}`);
    yield { number, wire, start: pos, end: pos };
  }
}
