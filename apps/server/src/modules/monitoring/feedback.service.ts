import type { FeedbackBody, FeedbackItem } from '@aistudio/contracts';
import type { Db } from '@aistudio/db';
import type { Principal } from '../../auth/principal.js';
import { NotFoundError, UnprocessableError, type FieldError } from '../../http/errors.js';
import type { DeploymentsService } from '../deployments/deployments.service.js';
import { MonitoringRepository, type LabelableRecord } from './monitoring.repository.js';

/** Writes what is still buffered, so feedback right after a prediction finds its record. */
export interface PendingLog {
  flush(): Promise<void>;
}

/** Ground truth for logged predictions: checked against the answering model, then stored. */
export class FeedbackService {
  constructor(
    private readonly db: Db,
    private readonly deployments: DeploymentsService,
    private readonly log: PendingLog,
  ) {}

  /** Labels every item or none; re-sending a label overwrites it. */
  async record(
    principal: Principal,
    deploymentId: string,
    body: FeedbackBody,
  ): Promise<{ labeled: number }> {
    const deployment = await this.deployments.deploymentFor(
      principal,
      deploymentId,
      'deployment.predict',
    );
    const batch = 'feedback' in body;
    const items = batch ? body.feedback : [body];
    const fieldOf = (i: number, field: string) => (batch ? `feedback[${i}].${field}` : field);
    await this.log.flush();
    const repo = new MonitoringRepository(this.db);
    const logged = await repo.labelableRecords(deployment.id, [
      ...new Set(items.map((item) => item.predictionId)),
    ]);
    const missing = items.findIndex(
      (item) => !logged.some((r) => r.predictionId === item.predictionId),
    );
    if (missing !== -1) {
      throw new NotFoundError(
        `${fieldOf(missing, 'predictionId')}: prediction ${items[missing]!.predictionId} is not in the log of deployment ${deployment.id} (another deployment's, never made, or not sampled).`,
      );
    }
    const errors = items.flatMap((item, i) => labelErrors(item, logged, (f) => fieldOf(i, f)));
    if (errors.length > 0) {
      throw new UnprocessableError(
        `${errors[0]!.field}: ${errors[0]!.message}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''}`,
        errors,
      );
    }
    const labeled = await repo.applyLabels(
      deployment.id,
      items.map((item) => ({ ...item, recordIndex: item.recordIndex ?? 0 })),
    );
    return { labeled };
  }
}

/** The label must suit the answering model: a class it knows, or a finite number for a regressor. */
function labelErrors(
  item: FeedbackItem,
  logged: readonly LabelableRecord[],
  fieldOf: (field: string) => string,
): FieldError[] {
  const records = logged.filter((r) => r.predictionId === item.predictionId);
  const liveRecords = new Set(records.map((r) => r.recordIndex));
  if (item.recordIndex === undefined && liveRecords.size > 1) {
    return [
      {
        field: fieldOf('recordIndex'),
        message: `is required: the request scored ${liveRecords.size} records; send 0–${liveRecords.size - 1}`,
      },
    ];
  }
  const index = item.recordIndex ?? 0;
  const record = records.find((r) => r.recordIndex === index);
  if (!record) {
    return [
      {
        field: fieldOf('recordIndex'),
        message: `must be 0–${liveRecords.size - 1}: the request scored ${liveRecords.size} records`,
      },
    ];
  }
  // Live and shadow versions may differ; the label must suit every version that scored the record.
  for (const r of records.filter((r) => r.recordIndex === index)) {
    const problem = labelProblem(item.label, r);
    if (problem) return [{ field: fieldOf('label'), message: problem }];
  }
  return [];
}

function labelProblem(label: string | number, record: LabelableRecord): string | null {
  if (record.task === 'regression') {
    return typeof label === 'number' && Number.isFinite(label)
      ? null
      : 'must be a number: the model is a regressor';
  }
  const classes = Object.keys((record.output.probabilities as Record<string, number>) ?? {});
  if (classes.includes(String(label))) return null;
  return `must be one of the model's classes: ${classes.map((c) => JSON.stringify(c)).join(', ')}`;
}
