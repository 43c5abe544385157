import { EngineInputError } from '../errors.js';
import type { TrainedModel } from '../model.js';
import type { FittedDatetime } from '../preprocess/datetime.js';
import type { FittedImpute } from '../preprocess/impute.js';
import type { FittedPolynomial } from '../preprocess/polynomial.js';
import type { FittedLog1p, FittedMinMax, FittedStandardize } from '../preprocess/scale.js';
import type { FittedStep } from '../preprocess/steps.js';
import { datetimePartsGraph } from './export-datetime.js';
import { oneHotGraph, ordinalGraph, targetEncodeGraph } from './export-encoders.js';
import { TensorType, type OnnxValue } from './graph.js';
import type { GraphBuilder } from './graph-builder.js';
import {
  categorical,
  column,
  MISSING,
  numeric,
  numericColumn,
  replace,
  UNSEEN,
  type CategoricalGraphColumn,
  type Columns,
  type GraphColumn,
} from './graph-columns.js';

const ML = 'ai.onnx.ml';

/** The raw inputs of the graph and the columns the estimator reads, in pipeline output order. */
export interface PipelineGraph {
  readonly inputs: readonly OnnxValue[];
  readonly columns: ReadonlyMap<string, GraphColumn>;
}

/**
 * Adds the model's raw inputs and its preprocessing to the graph. Numeric inputs are float
 * [N, 1] tensors (NaN = missing) converted to float64 at once, so every step computes in the
 * engine's precision; a numeric column that a `datetime` step reads is a float64 input instead,
 * because float32 epoch milliseconds are only good to about two minutes. Categorical inputs are
 * string [N, 1] tensors ("" = missing); text inputs are strings too.
 */
export function pipelineGraph(b: GraphBuilder, model: TrainedModel): PipelineGraph {
  const steps = model.pipeline?.steps ?? [];
  const dateColumns = new Set(steps.flatMap((s) => (s.type === 'datetime' ? s.columns : [])));
  const extraStrings = imputedStrings(steps);
  const inputs: OnnxValue[] = [];
  let columns: [string, GraphColumn][] = model.inputs.map((field) => {
    const type =
      field.kind !== 'numeric'
        ? TensorType.STRING
        : dateColumns.has(field.name)
          ? TensorType.DOUBLE
          : TensorType.FLOAT;
    inputs.push({ name: field.name, type, shape: [null, 1] });
    if (field.kind === 'text') return [field.name, { kind: 'text', raw: field.name }];
    if (field.kind === 'categorical') {
      const known = (field.categories ?? []).filter((c) => c !== '');
      const dictionary = [...known, ...(extraStrings.get(field.name) ?? [])];
      return [field.name, rawCategorical(b, field.name, dictionary)];
    }
    const tensor =
      type === TensorType.DOUBLE
        ? field.name
        : b.cast(field.name, TensorType.DOUBLE, `${field.name}_f64`);
    return [field.name, { kind: 'numeric', tensor }];
  });
  steps.forEach((step, i) => {
    columns = applyStepGraph(b, step, columns, `pipeline.steps[${i}]`);
  });
  return { inputs, columns: new Map(columns) };
}

/** Strings that categorical imputation writes into each column (the engine adds them as categories). */
function imputedStrings(steps: readonly FittedStep[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const step of steps) {
    if (step.type !== 'impute') continue;
    for (const { name, fill } of step.columns) {
      if (typeof fill === 'string' && fill !== '') out.set(name, [...(out.get(name) ?? []), fill]);
    }
  }
  return out;
}

function rawCategorical(
  b: GraphBuilder,
  input: string,
  dictionary: string[],
): CategoricalGraphColumn {
  // Deduplicated: a fill value may already be a category.
  const unique = [...new Set(dictionary)];
  let codes: string | null = null;
  return {
    kind: 'categorical',
    dictionary: unique,
    raw: input,
    codes: () =>
      (codes ??= b.op('LabelEncoder', [input], {
        domain: ML,
        name: `${input}_codes`,
        attributes: {
          keys_strings: { strings: ['', ...unique] },
          values_int64s: { ints: [MISSING, ...unique.map((_, i) => i)] },
          default_int64: { int: UNSEEN },
        },
      })),
  };
}

function applyStepGraph(
  b: GraphBuilder,
  step: FittedStep,
  columns: Columns,
  where: string,
): Columns {
  switch (step.type) {
    case 'impute':
      return imputeGraph(b, step, columns, where);
    case 'standardize':
      return standardizeGraph(b, step, columns, where);
    case 'minMax':
      return minMaxGraph(b, step, columns, where);
    case 'log1p':
      return log1pGraph(b, step, columns, where);
    case 'polynomial':
      return polynomialGraph(b, step, columns, where);
    case 'oneHot':
      return oneHotGraph(b, step, columns, where);
    case 'ordinal':
      return ordinalGraph(b, step, columns, where);
    case 'targetEncode':
      return targetEncodeGraph(b, step, columns, where);
    case 'datetime':
      return datetimeGraph(b, step, columns, where);
    case 'varianceThreshold':
    case 'correlationFilter':
    case 'selectMutualInfo': {
      const present = new Set(columns.map(([name]) => name));
      return replace(columns, new Map(step.drop.filter((n) => present.has(n)).map((n) => [n, []])));
    }
    case 'tfidf':
      throw refused(
        where,
        'tfidf',
        'its tokens come from a Unicode regular expression and the standard ONNX domains have no tokenizer (TfIdfVectorizer needs tokens already split); train without text columns to export',
      );
    case 'hashing':
      throw refused(where, 'hashing', 'ONNX has no MurmurHash3 operator or tokenizer');
  }
}

function datetimeGraph(
  b: GraphBuilder,
  step: FittedDatetime,
  columns: Columns,
  where: string,
): Columns {
  const replacements = new Map<string, Columns>();
  for (const name of step.columns) {
    const source = column(columns, name, where);
    if (source.kind !== 'numeric') {
      throw refused(
        where,
        'datetime',
        `column ${name} holds dates as ${source.kind}; ONNX has no operator to parse ISO text, only dates given as epoch milliseconds (a numeric column) can be exported`,
      );
    }
    const parts = datetimePartsGraph(b, source.tensor, step.parts, name);
    replacements.set(
      name,
      step.parts.map((part) => [`${name}_${part}`, numericColumn(parts.get(part)!)]),
    );
  }
  return replace(columns, replacements);
}

function refused(where: string, type: string, why: string): EngineInputError {
  return new EngineInputError(
    where,
    `is a '${type}' step, which ONNX export cannot express: ${why}`,
  );
}

function imputeGraph(
  b: GraphBuilder,
  step: FittedImpute,
  columns: Columns,
  where: string,
): Columns {
  const replacements = new Map<string, Columns>();
  for (const { name, fill, indicator } of step.columns) {
    if (column(columns, name, where).kind === 'text') {
      throw new EngineInputError(where, `cannot impute text column ${name}`);
    }
    const out: Columns = [];
    let missing: string;
    if (typeof fill === 'number') {
      const x = numeric(columns, name, where);
      missing = b.op('IsNaN', [x], { name: `${name}_isnan` });
      out.push([
        name,
        numericColumn(b.op('Where', [missing, b.scalar(fill), x], { name: `${name}_imputed` })),
      ]);
    } else {
      const c = categorical(columns, name, where);
      const codes = c.codes();
      // The raw dictionary already holds the fill (see imputedStrings); a later step's fill may not.
      const dictionary = c.dictionary.includes(fill) ? c.dictionary : [...c.dictionary, fill];
      const fillCode = dictionary.indexOf(fill);
      missing = b.op('Equal', [codes, b.intScalar(MISSING)], { name: `${name}_ismissing` });
      const filled = b.op('Where', [missing, b.intScalar(fillCode), codes], {
        name: `${name}_imputed`,
      });
      out.push([name, { kind: 'categorical', dictionary, raw: null, codes: () => filled }]);
    }
    if (indicator) {
      out.push([
        `${name}_missing`,
        numericColumn(b.cast(missing, TensorType.DOUBLE, `${name}_missing`)),
      ]);
    }
    replacements.set(name, out);
  }
  return replace(columns, replacements);
}

function standardizeGraph(
  b: GraphBuilder,
  step: FittedStandardize,
  columns: Columns,
  where: string,
): Columns {
  return mapNumeric(columns, step.columns, where, (x, name, j) =>
    b.op(
      'Div',
      [
        b.op('Sub', [x, b.scalar(step.mean[j]!)], { name: `${name}_centred` }),
        b.scalar(step.std[j]!),
      ],
      {
        name: `${name}_standardized`,
      },
    ),
  );
}

function minMaxGraph(
  b: GraphBuilder,
  step: FittedMinMax,
  columns: Columns,
  where: string,
): Columns {
  return mapNumeric(columns, step.columns, where, (x, name, j) =>
    b.op(
      'Add',
      [
        b.op('Mul', [x, b.scalar(step.scale[j]!)], { name: `${name}_scaled` }),
        b.scalar(step.offset[j]!),
      ],
      {
        name: `${name}_minmax`,
      },
    ),
  );
}

function log1pGraph(b: GraphBuilder, step: FittedLog1p, columns: Columns, where: string): Columns {
  // Unsigned, the engine throws on a value <= -1; a graph cannot throw, so those rows get NaN or -Infinity.
  return mapNumeric(columns, step.columns, where, (x, name) => {
    if (!step.signed)
      return b.op('Log', [b.op('Add', [x, b.scalar(1)])], { name: `${name}_log1p` });
    const magnitude = b.op('Log', [b.op('Add', [b.op('Abs', [x]), b.scalar(1)])]);
    return b.op('Mul', [b.op('Sign', [x]), magnitude], { name: `${name}_log1p` });
  });
}

function mapNumeric(
  columns: Columns,
  names: readonly string[],
  where: string,
  transform: (tensor: string, name: string, j: number) => string,
): Columns {
  return replace(
    columns,
    new Map(
      names.map((name, j) => [
        name,
        [[name, numericColumn(transform(numeric(columns, name, where), name, j))]],
      ]),
    ),
  );
}

function polynomialGraph(
  b: GraphBuilder,
  step: FittedPolynomial,
  columns: Columns,
  where: string,
): Columns {
  if (step.columns.length === 0) return columns;
  const inputs = step.columns.map((name) => numeric(columns, name, where));
  let ones: string | null = null;
  const outputs: Columns = step.terms.map((term, t) => {
    const name = step.names[t]!;
    if (term.length === 0) {
      // The bias column: ones shaped like any input (a product with it would carry NaN along).
      ones ??= b.op('Expand', [b.doubles('one', [1], [1, 1]), b.op('Shape', [inputs[0]!])], {
        name: 'ones',
      });
      return [name, numericColumn(ones)];
    }
    let product = inputs[term[0]!]!;
    for (const j of term.slice(1)) product = b.op('Mul', [product, inputs[j]!], { name: 'term' });
    return [
      name,
      numericColumn(term.length === 1 ? product : b.op('Identity', [product], { name })),
    ];
  });
  const replacements = new Map<string, Columns>(step.columns.map((name) => [name, []]));
  replacements.set(step.columns[0]!, outputs);
  return replace(columns, replacements);
}

/**
 * The estimator's numeric features as one float64 [N, p] tensor, in the given order. A name the
 * pipeline does not produce as a number means the model does not fit its own pipeline.
 */
export function featureMatrix(
  b: GraphBuilder,
  graph: PipelineGraph,
  names: readonly string[],
): string {
  const tensors = names.map((name) => {
    const c = graph.columns.get(name);
    if (c?.kind !== 'numeric') {
      throw new EngineInputError(
        'model',
        `feature ${name} is not a numeric output of its pipeline`,
      );
    }
    return c.tensor;
  });
  return b.op('Concat', tensors, { name: 'features_f64', attributes: { axis: { int: 1 } } });
}
