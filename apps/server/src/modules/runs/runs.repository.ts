import { and, asc, count, desc, eq, gt, inArray, isNull, lt, sql, type SQL } from 'drizzle-orm';
import { isUniqueViolation, schema, type Db } from '@aistudio/db';
import type { FilterCondition, NumberOp } from './run-filter.js';

export type ExperimentRow = typeof schema.experiments.$inferSelect;
export type RunRow = typeof schema.runs.$inferSelect;
export type RunArtifactRow = typeof schema.runArtifacts.$inferSelect;
export type RunEventRow = typeof schema.runEvents.$inferSelect;

const r = schema.runs;
const e = schema.experiments;

/** All SQL of experiments and runs. Callers authorize first; every lookup returns the org to check. */
export class RunsRepository {
  constructor(private readonly db: Db) {}

  async insertExperiment(values: typeof e.$inferInsert): Promise<ExperimentRow> {
    const [row] = await this.db.insert(e).values(values).returning();
    return row!;
  }

  async findExperiment(id: string): Promise<ExperimentRow | undefined> {
    const [row] = await this.db.select().from(e).where(eq(e.id, id));
    return row;
  }

  async findExperimentByName(projectId: string, name: string): Promise<ExperimentRow | undefined> {
    const [row] = await this.db
      .select()
      .from(e)
      .where(and(eq(e.projectId, projectId), sql`lower(${e.name}) = lower(${name})`));
    return row;
  }

  findExperimentPage(projectId: string, limit: number, beforeId: string | null) {
    return this.db
      .select()
      .from(e)
      .where(and(eq(e.projectId, projectId), beforeId ? lt(e.id, beforeId) : undefined))
      .orderBy(desc(e.id))
      .limit(limit + 1);
  }

  async runCounts(experimentIds: string[]): Promise<Map<string, number>> {
    if (experimentIds.length === 0) return new Map();
    const rows = await this.db
      .select({ experimentId: r.experimentId, runs: count() })
      .from(r)
      .where(inArray(r.experimentId, experimentIds))
      .groupBy(r.experimentId);
    return new Map(rows.map((row) => [row.experimentId, row.runs]));
  }

  async insertRun(values: typeof r.$inferInsert): Promise<RunRow> {
    const [row] = await this.db.insert(r).values(values).returning();
    return row!;
  }

  async findRun(id: string, options: { lock?: boolean } = {}): Promise<RunRow | undefined> {
    const query = this.db.select().from(r).where(eq(r.id, id));
    const [row] = options.lock ? await query.for('update') : await query;
    return row;
  }

  findRunPage(
    projectId: string,
    options: {
      limit: number;
      beforeId: string | null;
      experimentId?: string;
      conditions: FilterCondition[];
    },
  ) {
    return this.db
      .select()
      .from(r)
      .where(
        and(
          eq(r.projectId, projectId),
          options.experimentId ? eq(r.experimentId, options.experimentId) : undefined,
          options.beforeId ? lt(r.id, options.beforeId) : undefined,
          ...options.conditions.map(conditionSql),
        ),
      )
      .orderBy(desc(r.id))
      .limit(options.limit + 1);
  }

  async updateRun(id: string, values: Partial<typeof r.$inferInsert>): Promise<RunRow> {
    const [row] = await this.db.update(r).set(values).where(eq(r.id, id)).returning();
    return row!;
  }

  /** Queued or running → running, unless a stop was asked meanwhile; false if it did not start. */
  async markRunning(id: string, startedAt: Date): Promise<boolean> {
    const rows = await this.db
      .update(r)
      .set({ status: 'running', startedAt })
      .where(and(eq(r.id, id), inArray(r.status, ['queued', 'running']), isNull(r.stopRequest)))
      .returning({ id: r.id });
    return rows.length > 0;
  }

  async deleteRun(id: string): Promise<void> {
    await this.db.delete(r).where(eq(r.id, id));
  }

  async artifactsOf(runIds: string[]): Promise<RunArtifactRow[]> {
    if (runIds.length === 0) return [];
    return this.db
      .select()
      .from(schema.runArtifacts)
      .where(inArray(schema.runArtifacts.runId, runIds))
      .orderBy(asc(schema.runArtifacts.name));
  }

  async upsertArtifact(values: typeof schema.runArtifacts.$inferInsert): Promise<void> {
    await this.db
      .insert(schema.runArtifacts)
      .values(values)
      .onConflictDoUpdate({
        target: [schema.runArtifacts.runId, schema.runArtifacts.name],
        set: {
          storageKey: values.storageKey,
          contentType: values.contentType,
          sizeBytes: values.sizeBytes,
          createdAt: new Date(),
        },
      });
  }

  async deleteArtifact(runId: string, name: string): Promise<void> {
    await this.db
      .delete(schema.runArtifacts)
      .where(and(eq(schema.runArtifacts.runId, runId), eq(schema.runArtifacts.name, name)));
  }

  /** Metric points; a step written twice (a job run again) keeps its first value. */
  async appendMetrics(
    runId: string,
    points: { name: string; step: number; value: number }[],
  ): Promise<void> {
    if (points.length === 0) return;
    await this.db
      .insert(schema.runMetrics)
      .values(points.map((p) => ({ runId, ...p })))
      .onConflictDoNothing();
  }

  metricsOf(runId: string) {
    return this.db
      .select({
        name: schema.runMetrics.name,
        step: schema.runMetrics.step,
        value: schema.runMetrics.value,
      })
      .from(schema.runMetrics)
      .where(eq(schema.runMetrics.runId, runId))
      .orderBy(asc(schema.runMetrics.name), asc(schema.runMetrics.step));
  }

  /**
   * Appends events in order and returns the last sequence number. Two writers of one run (the job
   * and a user's cancel) may race for a number: the loser retries with the next one.
   */
  async appendEvents(runId: string, events: { type: string; data: object }[]): Promise<number> {
    if (events.length === 0) return 0;
    for (let attempt = 0; ; attempt++) {
      const [last] = await this.db
        .select({ seq: sql<number>`coalesce(max(${schema.runEvents.seq}), 0)` })
        .from(schema.runEvents)
        .where(eq(schema.runEvents.runId, runId));
      const first = Number(last!.seq) + 1;
      try {
        await this.db
          .insert(schema.runEvents)
          .values(events.map((event, i) => ({ runId, seq: first + i, ...event })));
        return first + events.length - 1;
      } catch (error) {
        if (!isUniqueViolation(error) || attempt >= 5) throw error;
      }
    }
  }

  eventsAfter(runId: string, afterSeq: number, limit: number) {
    return this.db
      .select()
      .from(schema.runEvents)
      .where(and(eq(schema.runEvents.runId, runId), gt(schema.runEvents.seq, afterSeq)))
      .orderBy(asc(schema.runEvents.seq))
      .limit(limit);
  }
}

const COMPARATORS = {
  '=': '=',
  '!=': '<>',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
  LIKE: 'LIKE',
  ILIKE: 'ILIKE',
} as const;

const ATTRIBUTE_COLUMNS = {
  run_id: sql`${r.id}::text`,
  run_name: sql`${r.name}`,
  status: sql`${r.status}`,
  algorithm: sql`${r.algorithm}`,
  task: sql`${r.task}`,
  target: sql`${r.target}`,
  dataset_id: sql`${r.datasetId}::text`,
  dataset_version_id: sql`${r.datasetVersionId}::text`,
  experiment_id: sql`${r.experimentId}::text`,
  // A trial is a `train` run with a sweep as parent: the filter tells the three apart.
  kind: sql`(case when ${r.kind} = 'sweep' then 'sweep' when ${r.parentRunId} is null then 'run' else 'trial' end)`,
  source: sql`${r.source}`,
  parent_run_id: sql`${r.parentRunId}::text`,
  start_time: sql`(extract(epoch from ${r.startedAt}) * 1000)`,
  end_time: sql`(extract(epoch from ${r.finishedAt}) * 1000)`,
  created: sql`(extract(epoch from ${r.createdAt}) * 1000)`,
  duration_ms: sql`${r.durationMs}`,
} satisfies Record<string, SQL>;

/**
 * One filter condition as SQL over the run row. Values are always bound parameters; keys only
 * index JSON (`->>` with a parameter), so no user text reaches the SQL itself.
 */
function conditionSql(condition: FilterCondition): SQL {
  let operand: SQL;
  if (condition.kind === 'attributes') {
    operand = ATTRIBUTE_COLUMNS[condition.key as keyof typeof ATTRIBUTE_COLUMNS];
  } else {
    const column = { metrics: r.metrics, params: r.params, tags: r.tags }[condition.kind];
    if (typeof condition.value === 'number') {
      // Only JSON numbers compare as numbers; a string param "31" is not 31 (MLflow compares text).
      return sql`(jsonb_typeof(${column} -> ${condition.key}::text) = 'number' and (${column} ->> ${condition.key}::text)::float8 ${sql.raw(COMPARATORS[condition.op as NumberOp])} ${condition.value})`;
    }
    operand = sql`(${column} ->> ${condition.key}::text)`;
  }
  if (condition.op === 'IN' || condition.op === 'NOT IN') {
    const list = sql.join(
      condition.value.map((v) => sql`${v}`),
      sql`, `,
    );
    return condition.op === 'IN'
      ? sql`${operand} in (${list})`
      : sql`(${operand} is null or ${operand} not in (${list}))`;
  }
  const value =
    typeof condition.value === 'number' ? sql`${condition.value}::float8` : sql`${condition.value}`;
  // A run without the key matches no comparison, != included (as in MLflow).
  return sql`${operand} ${sql.raw(COMPARATORS[condition.op])} ${value}`;
}
