import {
  type AttributeValue,
  type OnnxInitializer,
  type OnnxNode,
  type TensorElementType,
} from './graph.js';

/** Options of one operator added with `GraphBuilder.op`. */
export interface OpOptions {
  readonly attributes?: Readonly<Record<string, AttributeValue>>;
  /** `ai.onnx.ml` for the classical-ML operators. */
  readonly domain?: string;
  /** Readable stem of the output's name (made unique). */
  readonly name?: string;
}

/**
 * Collects nodes and constants of a graph under unique tensor names. Raw column names are user
 * data, so every name it makes is checked against the names already taken (graph inputs and
 * whatever another exporter added) rather than trusted to be distinct.
 */
export class GraphBuilder {
  readonly nodes: OnnxNode[] = [];
  readonly initializers: OnnxInitializer[] = [];
  readonly #taken = new Set<string>();
  readonly #scalars = new Map<string, string>();

  constructor(reserved: Iterable<string> = []) {
    for (const name of reserved) this.#taken.add(name);
  }

  /** Marks names as taken (tensors made elsewhere that share this graph). */
  reserve(names: Iterable<string>): void {
    for (const name of names) this.#taken.add(name);
  }

  /** A fresh tensor name starting with `stem`. */
  fresh(stem: string): string {
    let name = stem;
    for (let i = 1; this.#taken.has(name); i++) name = `${stem}_${i}`;
    this.#taken.add(name);
    return name;
  }

  /** Adds one operator with one output and returns that output's name. */
  op(opType: string, inputs: readonly string[], options: OpOptions = {}): string {
    const output = this.fresh(options.name ?? opType.toLowerCase());
    this.nodes.push({
      opType,
      name: output,
      inputs,
      outputs: [output],
      ...(options.domain ? { domain: options.domain } : {}),
      ...(options.attributes ? { attributes: options.attributes } : {}),
    });
    return output;
  }

  /** An operator whose single output must carry exactly `output` (a graph output). */
  opNamed(
    opType: string,
    inputs: readonly string[],
    output: string,
    options: OpOptions = {},
  ): void {
    this.#taken.add(output);
    this.nodes.push({
      opType,
      name: output,
      inputs,
      outputs: [output],
      ...(options.domain ? { domain: options.domain } : {}),
      ...(options.attributes ? { attributes: options.attributes } : {}),
    });
  }

  /** Converts a tensor's element type. */
  cast(input: string, to: TensorElementType, name?: string): string {
    return this.op('Cast', [input], {
      attributes: { to: { int: to } },
      name: name ?? `${input}_cast`,
    });
  }

  /** A float64 constant of the given shape. */
  doubles(
    stem: string,
    values: ArrayLike<number>,
    dims: readonly number[] = [values.length],
  ): string {
    const name = this.fresh(stem);
    this.initializers.push({ name, dims, doubles: values });
    return name;
  }

  /** A float32 constant (the values are rounded to float32 when written). */
  floats(
    stem: string,
    values: ArrayLike<number>,
    dims: readonly number[] = [values.length],
  ): string {
    const name = this.fresh(stem);
    this.initializers.push({ name, dims, floats: values });
    return name;
  }

  /** An int64 constant. */
  int64s(
    stem: string,
    values: ArrayLike<number>,
    dims: readonly number[] = [values.length],
  ): string {
    const name = this.fresh(stem);
    this.initializers.push({ name, dims, int64s: values });
    return name;
  }

  /** A string constant. */
  strings(
    stem: string,
    values: readonly string[],
    dims: readonly number[] = [values.length],
  ): string {
    const name = this.fresh(stem);
    this.initializers.push({ name, dims, strings: values });
    return name;
  }

  /** A float64 scalar, shared by every node that uses the same value. */
  scalar(value: number): string {
    return this.#sharedScalar(`d:${value}`, () => this.doubles('const', [value], []));
  }

  /** An int64 scalar, shared likewise. */
  intScalar(value: number): string {
    return this.#sharedScalar(`i:${value}`, () => this.int64s('const_int', [value], []));
  }

  #sharedScalar(key: string, make: () => string): string {
    let name = this.#scalars.get(key);
    if (name === undefined) {
      name = make();
      this.#scalars.set(key, name);
    }
    return name;
  }
}
