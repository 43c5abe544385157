/** Bad input to the engine: names the parameter or column at fault and what is allowed. */
export class EngineInputError extends Error {
  override readonly name = 'EngineInputError';

  /** `subject` is the parameter, column or `target` that was rejected. */
  constructor(
    readonly subject: string,
    message: string,
  ) {
    super(`${subject}: ${message}`);
  }
}

/** Training stopped because its AbortSignal fired. */
export class TrainingAbortedError extends Error {
  override readonly name = 'AbortError';

  /** `iteration` is the number of completed iterations when the abort was seen. */
  constructor(readonly iteration: number) {
    super(`training aborted after ${iteration} iteration(s)`);
  }
}
