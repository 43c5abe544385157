import type { CaseResult, ConformanceCase, TableSpec } from './conformance-cases.js';

/** Messages the page posts to the conformance worker. */
export type PageRequest =
  | { readonly type: 'train'; readonly case: ConformanceCase }
  | { readonly type: 'abort' }
  | { readonly type: 'predict'; readonly modelJson: string; readonly table: TableSpec }
  | { readonly type: 'time'; readonly case: ConformanceCase; readonly runs: number };

/** Messages the worker posts back. */
export type WorkerReply =
  | { readonly type: 'progress'; readonly iteration: number }
  | { readonly type: 'trained'; readonly result: CaseResult; readonly inWorker: boolean }
  | { readonly type: 'predicted'; readonly rawHex: string }
  | { readonly type: 'timed'; readonly ms: number[]; readonly modelJson: string }
  | { readonly type: 'failed'; readonly error: WireError };

/**
 * An engine error as posted between threads. Structured clone keeps only the standard error
 * names and drops own fields, so an EngineInputError would arrive as a plain `Error` without its
 * `subject`: the worker sends these fields and the page rebuilds the real class.
 */
export interface WireError {
  readonly name: string;
  readonly message: string;
  /** EngineInputError: the parameter, column or `target` at fault. */
  readonly subject?: string;
  /** TrainingAbortedError: iterations completed before the abort. */
  readonly iteration?: number;
}

/** An error as the page saw it after rebuilding it: what the conformance test asserts on. */
export interface ErrorSeen {
  readonly name: string;
  readonly message: string;
  readonly subject?: string;
  readonly iteration?: number;
  /** Which engine class the rebuilt error is an instance of on the page. */
  readonly instanceOf: 'EngineInputError' | 'TrainingAbortedError' | 'Error';
}

/** What the page exposes as `globalThis.conformance` for Playwright to call. */
export interface ConformanceApi {
  /** Trains and predicts in a fresh Web Worker. */
  train(c: ConformanceCase): Promise<{ result: CaseResult; inWorker: boolean }>;
  /**
   * Starts training, posts an abort once the worker reports `abortAtIteration`, and then runs
   * `next` on the same worker to show it is still usable.
   */
  trainAndAbort(
    c: ConformanceCase,
    abortAtIteration: number,
    next: ConformanceCase,
  ): Promise<{ error: ErrorSeen; lastProgress: number; next: CaseResult }>;
  /** Raw scores (hex of float64) of a serialised model on a table, computed in a worker. */
  predictRaw(modelJson: string, table: TableSpec): Promise<string>;
  /** Trains a case that must fail; resolves with the error the page rebuilt. */
  trainExpectingError(c: ConformanceCase): Promise<ErrorSeen>;
  /** Times `runs` trainings of the case in a fresh worker (the first run is the cold one). */
  time(c: ConformanceCase, runs: number): Promise<{ ms: number[]; modelJson: string }>;
}
