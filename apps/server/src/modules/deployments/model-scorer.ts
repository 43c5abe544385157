import {
  predict,
  type InputField,
  type Predictions,
  type Table,
  type TrainedModel,
} from '@aistudio/engine';
import { MicroBatcher } from './micro-batcher.js';

/** A loaded model version, whatever runs it: what serving validates against and scores with. */
export interface Scorer {
  /** The raw columns a record must carry. */
  readonly inputs: readonly InputField[];
  /** Classifiers: the class of each probability column; null for regressors. */
  readonly classes: readonly string[] | null;
  score(table: Table): Promise<Predictions>;
}

/** An engine model scored in-process, concurrent requests micro-batched. */
export function engineScorer(model: TrainedModel): Scorer {
  const batcher = new MicroBatcher((table) => Promise.resolve(predict(model, table)));
  return {
    inputs: model.inputs,
    classes: model.target.classes?.map(String) ?? null,
    score: (table) => batcher.score(table),
  };
}
