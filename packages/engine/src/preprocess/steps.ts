import { EngineInputError } from '../errors.js';
import type { Table } from '../table.js';
import { applyDatetime, fitDatetime, type DatetimeStep, type FittedDatetime } from './datetime.js';
import {
  applyOneHot,
  applyOrdinal,
  fitOneHot,
  fitOrdinal,
  type FittedOneHot,
  type FittedOrdinal,
  type OneHotStep,
  type OrdinalStep,
} from './encode.js';
import {
  applyDrop,
  fitCorrelationFilter,
  fitVarianceThreshold,
  type CorrelationFilterStep,
  type FittedDrop,
  type VarianceThresholdStep,
} from './feature-select.js';
import { applyImpute, fitImpute, type FittedImpute, type ImputeStep } from './impute.js';
import { fitSelectMutualInfo, type SelectMutualInfoStep } from './mutual-info.js';
import {
  applyPolynomial,
  fitPolynomial,
  type FittedPolynomial,
  type PolynomialStep,
} from './polynomial.js';
import {
  applyLog1p,
  applyMinMax,
  applyStandardize,
  fitLog1p,
  fitMinMax,
  fitStandardize,
  type FittedLog1p,
  type FittedMinMax,
  type FittedStandardize,
  type Log1pStep,
  type MinMaxStep,
  type StandardizeStep,
} from './scale.js';
import type { FitContext, StepFit } from './step.js';
import {
  applyTargetEncode,
  fitTargetEncode,
  type FittedTargetEncode,
  type TargetEncodeStep,
} from './target-encode.js';
import {
  applyHashing,
  applyTfidf,
  fitHashing,
  fitTfidf,
  type FittedHashing,
  type FittedTfidf,
  type HashingStep,
  type TfidfStep,
} from './text-vectorize.js';

/** One step of a pipeline as the caller writes it; `type` says which. */
export type PipelineStep =
  | ImputeStep
  | StandardizeStep
  | MinMaxStep
  | Log1pStep
  | PolynomialStep
  | OneHotStep
  | OrdinalStep
  | TargetEncodeStep
  | DatetimeStep
  | TfidfStep
  | HashingStep
  | VarianceThresholdStep
  | CorrelationFilterStep
  | SelectMutualInfoStep;

/** A step after fitting: plain JSON holding everything `transformTable` needs. */
export type FittedStep =
  | FittedImpute
  | FittedStandardize
  | FittedMinMax
  | FittedLog1p
  | FittedPolynomial
  | FittedOneHot
  | FittedOrdinal
  | FittedTargetEncode
  | FittedDatetime
  | FittedTfidf
  | FittedHashing
  | FittedDrop;

/** Every step type, in the order the README documents them. */
export const STEP_TYPES: readonly PipelineStep['type'][] = [
  'impute',
  'standardize',
  'minMax',
  'log1p',
  'polynomial',
  'oneHot',
  'ordinal',
  'targetEncode',
  'datetime',
  'tfidf',
  'hashing',
  'varianceThreshold',
  'correlationFilter',
  'selectMutualInfo',
];

/** Fits one step on the table as the previous steps left it. */
export function fitStep(spec: PipelineStep, table: Table, ctx: FitContext): StepFit<FittedStep> {
  switch (spec.type) {
    case 'impute':
      return fitImpute(spec, table, ctx);
    case 'standardize':
      return fitStandardize(spec, table, ctx);
    case 'minMax':
      return fitMinMax(spec, table, ctx);
    case 'log1p':
      return fitLog1p(spec, table, ctx);
    case 'polynomial':
      return fitPolynomial(spec, table, ctx);
    case 'oneHot':
      return fitOneHot(spec, table, ctx);
    case 'ordinal':
      return fitOrdinal(spec, table, ctx);
    case 'targetEncode':
      return fitTargetEncode(spec, table, ctx);
    case 'datetime':
      return fitDatetime(spec, table, ctx);
    case 'tfidf':
      return fitTfidf(spec, table, ctx);
    case 'hashing':
      return fitHashing(spec, table, ctx);
    case 'varianceThreshold':
      return fitVarianceThreshold(spec, table, ctx);
    case 'correlationFilter':
      return fitCorrelationFilter(spec, table, ctx);
    case 'selectMutualInfo':
      return fitSelectMutualInfo(spec, table, ctx);
    default:
      throw new EngineInputError(
        `${ctx.where}.type`,
        `must be one of ${STEP_TYPES.join(', ')}, got ${String((spec as { type: unknown }).type)}`,
      );
  }
}

/** Applies one fitted step. */
export function applyStep(step: FittedStep, table: Table): Table {
  switch (step.type) {
    case 'impute':
      return applyImpute(step, table);
    case 'standardize':
      return applyStandardize(step, table);
    case 'minMax':
      return applyMinMax(step, table);
    case 'log1p':
      return applyLog1p(step, table);
    case 'polynomial':
      return applyPolynomial(step, table);
    case 'oneHot':
      return applyOneHot(step, table);
    case 'ordinal':
      return applyOrdinal(step, table);
    case 'targetEncode':
      return applyTargetEncode(step, table);
    case 'datetime':
      return applyDatetime(step, table);
    case 'tfidf':
      return applyTfidf(step, table);
    case 'hashing':
      return applyHashing(step, table);
    case 'varianceThreshold':
    case 'correlationFilter':
    case 'selectMutualInfo':
      return applyDrop(step, table);
    default:
      throw new EngineInputError(
        'pipeline.steps',
        `has an unknown step type ${String((step as { type: unknown }).type)}`,
      );
  }
}
