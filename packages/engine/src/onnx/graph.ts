import { ProtoWriter } from './protobuf.js';

// Field numbers and enums below are those of onnx.proto (ONNX IR version 8).

/** ONNX tensor element types used here. */
export const TensorType = { FLOAT: 1, INT64: 7, STRING: 8, BOOL: 9, DOUBLE: 11 } as const;
export type TensorElementType = (typeof TensorType)[keyof typeof TensorType];

/** An attribute value: numbers become INT or FLOAT by the `kind` given. */
export type AttributeValue =
  | { readonly int: number }
  | { readonly float: number }
  | { readonly string: string }
  | { readonly ints: ArrayLike<number> }
  | { readonly floats: ArrayLike<number> }
  | { readonly strings: readonly string[] };

/** One operator of the graph. */
export interface OnnxNode {
  readonly opType: string;
  /** `ai.onnx.ml` for the classical-ML operators; empty for the default domain. */
  readonly domain?: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly name: string;
  readonly attributes?: Readonly<Record<string, AttributeValue>>;
}

/** A graph input or output: a tensor of one element type and shape (null = any size). */
export interface OnnxValue {
  readonly name: string;
  readonly type: TensorElementType;
  readonly shape: readonly (number | null)[];
}

/** A constant tensor: float32 (`floats`), float64 (`doubles`), int64 (`int64s`) or strings. */
export type OnnxInitializer = { readonly name: string; readonly dims: readonly number[] } & (
  | { readonly floats: ArrayLike<number> }
  | { readonly doubles: ArrayLike<number> }
  | { readonly int64s: ArrayLike<number> }
  | { readonly strings: readonly string[] }
);

/** Everything a model file holds. */
export interface OnnxModel {
  readonly graphName: string;
  readonly producerVersion: string;
  readonly docString: string;
  readonly opsets: Readonly<Record<string, number>>;
  readonly nodes: readonly OnnxNode[];
  readonly inputs: readonly OnnxValue[];
  readonly outputs: readonly OnnxValue[];
  readonly initializers: readonly OnnxInitializer[];
  readonly metadata: Readonly<Record<string, string>>;
}

const IR_VERSION = 8;

/** Serializes a model to the bytes of an `.onnx` file (a ModelProto). */
export function encodeModel(model: OnnxModel): Uint8Array {
  const graph = new ProtoWriter();
  for (const node of model.nodes) graph.message(1, encodeNode(node));
  graph.string(2, model.graphName);
  for (const init of model.initializers) graph.message(5, encodeInitializer(init));
  for (const input of model.inputs) graph.message(11, encodeValue(input));
  for (const output of model.outputs) graph.message(12, encodeValue(output));

  const out = new ProtoWriter().int(1, IR_VERSION);
  out.string(2, 'aistudio-engine').string(3, model.producerVersion);
  out.string(6, model.docString);
  out.message(7, graph);
  for (const [domain, version] of Object.entries(model.opsets)) {
    out.message(8, new ProtoWriter().string(1, domain).int(2, version));
  }
  for (const [key, value] of Object.entries(model.metadata)) {
    out.message(14, new ProtoWriter().string(1, key).string(2, value));
  }
  return out.finish();
}

function encodeNode(node: OnnxNode): ProtoWriter {
  const w = new ProtoWriter();
  for (const input of node.inputs) w.string(1, input);
  for (const output of node.outputs) w.string(2, output);
  w.string(3, node.name).string(4, node.opType);
  for (const [name, value] of Object.entries(node.attributes ?? {})) {
    w.message(5, encodeAttribute(name, value));
  }
  if (node.domain) w.string(7, node.domain);
  return w;
}

// AttributeProto types: FLOAT 1, INT 2, STRING 3, FLOATS 6, INTS 7, STRINGS 8.
function encodeAttribute(name: string, value: AttributeValue): ProtoWriter {
  const w = new ProtoWriter().string(1, name);
  if ('int' in value) return w.int(3, value.int).int(20, 2);
  if ('float' in value) return w.float(2, value.float).int(20, 1);
  if ('string' in value) return w.string(4, value.string).int(20, 3);
  if ('ints' in value) return w.packedInts(8, value.ints).int(20, 7);
  if ('floats' in value) return w.packedFloats(7, value.floats).int(20, 6);
  for (const s of value.strings) w.string(9, s);
  return w.int(20, 8);
}

function encodeValue(value: OnnxValue): ProtoWriter {
  const shape = new ProtoWriter();
  for (const dim of value.shape) {
    shape.message(
      1,
      dim === null ? new ProtoWriter().string(2, 'N') : new ProtoWriter().int(1, dim),
    );
  }
  const tensor = new ProtoWriter().int(1, value.type).message(2, shape);
  return new ProtoWriter().string(1, value.name).message(2, new ProtoWriter().message(1, tensor));
}

// TensorProto fields: dims 1, data_type 2, float_data 4, string_data 6, int64_data 7, name 8,
// raw_data 9 (doubles go there, little-endian, as the writer has no fixed64 field).
function encodeInitializer(init: OnnxInitializer): ProtoWriter {
  const w = new ProtoWriter().packedInts(1, init.dims);
  if ('floats' in init) w.int(2, TensorType.FLOAT).packedFloats(4, init.floats);
  else if ('int64s' in init) w.int(2, TensorType.INT64).packedInts(7, init.int64s);
  else if ('strings' in init) {
    w.int(2, TensorType.STRING);
    for (const s of init.strings) w.string(6, s);
  } else {
    const bytes = new Uint8Array(init.doubles.length * 8);
    const view = new DataView(bytes.buffer);
    for (let i = 0; i < init.doubles.length; i++) view.setFloat64(i * 8, init.doubles[i]!, true);
    w.int(2, TensorType.DOUBLE).bytes(9, bytes);
  }
  return w.string(8, init.name);
}
