import type { EvaluationReport, TrainedModel, TrainSpec } from '@aistudio/engine';

/** What the playground asks of its training worker. */
export type TrainingRequest =
  | {
      readonly type: 'start';
      readonly rows: readonly Record<string, number | string | null>[];
      readonly spec: TrainSpec;
      /** Share of labelled rows held out for the evaluation. */
      readonly testFraction: number;
      /** Wait this long after every iteration (slow motion for watching); 0 for full speed. */
      readonly stepDelayMs: number;
    }
  | { readonly type: 'pause' }
  | { readonly type: 'resume' }
  | { readonly type: 'stop' };

/** What the worker reports back, in order. */
export type TrainingReply =
  | { readonly type: 'split'; readonly trainRows: number; readonly testRows: number }
  | {
      readonly type: 'progress';
      readonly iteration: number;
      readonly trainLoss?: number;
      readonly validLoss?: number;
    }
  /** Paused at the last checkpoint; progress after `iteration` will be repeated on resume. */
  | { readonly type: 'paused'; readonly iteration: number }
  | { readonly type: 'evaluating' }
  | {
      readonly type: 'done';
      readonly model: TrainedModel;
      readonly report: EvaluationReport;
      /** Training time without pauses or slow-motion waits, in milliseconds. */
      readonly trainingMs: number;
      /** The model as ONNX, for registering it; null with the reason when ONNX cannot express it. */
      readonly onnx: Uint8Array | null;
      readonly onnxError: string | null;
    }
  | { readonly type: 'stopped' }
  | {
      readonly type: 'failed';
      /** The engine's `subject` (a parameter or column) when it named one. */
      readonly subject?: string;
      readonly message: string;
    };
