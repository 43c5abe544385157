import { predict, type InputField, type Table, type TrainedModel } from '@aistudio/engine';

/** One chunk's predictions: values (regression) or labels with row-major class probabilities. */
export interface ScoredChunk {
  readonly values?: Float64Array | Float32Array;
  readonly labels?: readonly string[];
  readonly probabilities?: Float64Array | Float32Array;
}

/** A loaded model that scores tables of its raw input columns, chunk by chunk. */
export interface BatchScorer {
  /** What the output's `prediction` column holds and which `probability_<class>` columns follow. */
  readonly output: { readonly kind: 'value' } | { readonly kind: 'label'; classes: string[] };
  score(table: Table): Promise<ScoredChunk>;
  close(): Promise<void>;
}

/** Scores with the engine itself, exactly as online prediction does. */
export function engineScorer(model: TrainedModel): BatchScorer {
  return {
    output:
      model.task === 'regression'
        ? { kind: 'value' }
        : { kind: 'label', classes: model.target.classes!.map(String) },
    score(table) {
      const scored = predict(model, table);
      if (scored.values) return Promise.resolve({ values: scored.values });
      return Promise.resolve({
        labels: scored.labels!.map(String),
        probabilities: scored.probabilities!,
      });
    },
    close: () => Promise.resolve(),
  };
}

/** The engine input fields of a registered version's input schema. */
export function inputFieldsOf(
  schema: readonly { name: string; kind: InputField['kind'] }[],
): InputField[] {
  return schema.map((field) => ({ name: field.name, kind: field.kind }));
}
