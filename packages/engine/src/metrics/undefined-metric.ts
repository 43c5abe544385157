import { EngineInputError } from '../errors.js';

/**
 * A metric that has no value on this data (ROC AUC with one class in `yTrue`, say). It is an
 * `EngineInputError` whose subject is the metric, so callers handle it like any bad input; the
 * evaluation reports catch this one subclass and record the metric as undefined instead.
 */
export class UndefinedMetricError extends EngineInputError {
  /** `metric` is the metric's name as exported (`rocAuc`, `r2Score`, …). */
  constructor(
    readonly metric: string,
    reason: string,
  ) {
    super(metric, reason);
  }
}
