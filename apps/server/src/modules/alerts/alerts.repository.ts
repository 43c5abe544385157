import { and, asc, count, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import { schema, type Db } from '@aistudio/db';

export type AlertRuleRow = typeof schema.alertRules.$inferSelect;
export type AlertChannelRow = typeof schema.alertChannels.$inferSelect;
export type AlertEventRow = typeof schema.alertEvents.$inferSelect;
export type AlertState = AlertRuleRow['state'];

/** A rule with the ids of the channels it notifies. */
export type AlertRuleWithChannels = AlertRuleRow & { channelIds: string[] };

const r = schema.alertRules;
const c = schema.alertChannels;
const rc = schema.alertRuleChannels;
const e = schema.alertEvents;
const mv = schema.modelVersions;

/** All SQL of alert rules, channels and their history. Callers authorize first. */
export class AlertsRepository {
  constructor(private readonly db: Db) {}

  async insertRule(values: typeof r.$inferInsert, channelIds: string[]) {
    const [row] = await this.db.insert(r).values(values).returning();
    await this.#setChannels(row!.id, channelIds);
    return { ...row!, channelIds };
  }

  async updateRule(
    id: string,
    values: Partial<typeof r.$inferInsert>,
    channelIds: string[] | undefined,
  ): Promise<AlertRuleWithChannels> {
    const [row] = await this.db
      .update(r)
      .set({ ...values, updatedAt: new Date() })
      .where(eq(r.id, id))
      .returning();
    if (channelIds) {
      await this.db.delete(rc).where(eq(rc.ruleId, id));
      await this.#setChannels(id, channelIds);
    }
    return (await this.#withChannels([row!]))[0]!;
  }

  async #setChannels(ruleId: string, channelIds: string[]) {
    if (channelIds.length === 0) return;
    await this.db.insert(rc).values(channelIds.map((channelId) => ({ ruleId, channelId })));
  }

  async findRule(id: string): Promise<AlertRuleWithChannels | undefined> {
    const rows = await this.db.select().from(r).where(eq(r.id, id));
    return (await this.#withChannels(rows))[0];
  }

  findRulePage(projectId: string, limit: number, beforeId: string | null) {
    return this.db
      .select()
      .from(r)
      .where(and(eq(r.projectId, projectId), beforeId ? lt(r.id, beforeId) : undefined))
      .orderBy(desc(r.id))
      .limit(limit + 1)
      .then((rows) => this.#withChannels(rows));
  }

  async findEnabledRules(projectId: string): Promise<AlertRuleWithChannels[]> {
    const rows = await this.db
      .select()
      .from(r)
      .where(and(eq(r.projectId, projectId), eq(r.enabled, true)))
      .orderBy(asc(r.id));
    return this.#withChannels(rows);
  }

  async countRules(projectId: string): Promise<number> {
    const [row] = await this.db.select({ n: count() }).from(r).where(eq(r.projectId, projectId));
    return row!.n;
  }

  /** Deletes the schedule `key` if the project has no rule left (they go with their deployment). */
  async dropScheduleWithoutRules(key: string, projectId: string): Promise<boolean> {
    const rows = await this.db
      .delete(schema.schedules)
      .where(
        and(
          eq(schema.schedules.key, key),
          sql`not exists (select 1 from ${r} where ${r.projectId} = ${projectId})`,
        ),
      )
      .returning({ id: schema.schedules.id });
    return rows.length > 0;
  }

  async deleteRule(id: string): Promise<void> {
    await this.db.delete(r).where(eq(r.id, id));
  }

  async #withChannels(rows: AlertRuleRow[]): Promise<AlertRuleWithChannels[]> {
    if (rows.length === 0) return [];
    const links = await this.db
      .select()
      .from(rc)
      .where(
        inArray(
          rc.ruleId,
          rows.map((row) => row.id),
        ),
      )
      .orderBy(asc(rc.channelId));
    return rows.map((row) => ({
      ...row,
      channelIds: links.filter((link) => link.ruleId === row.id).map((link) => link.channelId),
    }));
  }

  /** Records an evaluation; the state moves only if it is still `from` (one writer wins a race). */
  async recordEvaluation(
    id: string,
    from: AlertState,
    to: AlertState,
    value: number | null,
  ): Promise<boolean> {
    const changed = from !== to;
    const rows = await this.db
      .update(r)
      .set({
        state: to,
        lastValue: value,
        lastEvaluatedAt: sql`now()`,
        ...(changed ? { stateChangedAt: sql`now()` } : {}),
      })
      .where(and(eq(r.id, id), eq(r.state, from)))
      .returning({ id: r.id });
    return rows.length > 0;
  }

  /** The input feature names of the given model versions (a deployment's routes), deduplicated. */
  async inputFeaturesOf(modelVersionIds: string[]): Promise<string[]> {
    if (modelVersionIds.length === 0) return [];
    const rows = await this.db
      .select({ inputSchema: mv.inputSchema })
      .from(mv)
      .where(inArray(mv.id, modelVersionIds));
    const names = rows.flatMap((row) => (row.inputSchema as { name: string }[]).map((f) => f.name));
    return [...new Set(names)];
  }

  async insertEvent(values: typeof e.$inferInsert): Promise<AlertEventRow> {
    const [row] = await this.db.insert(e).values(values).returning();
    return row!;
  }

  async findEvent(id: string): Promise<AlertEventRow | undefined> {
    const [row] = await this.db.select().from(e).where(eq(e.id, id));
    return row;
  }

  findEventPage(ruleId: string, limit: number, beforeId: string | null) {
    return this.db
      .select()
      .from(e)
      .where(and(eq(e.ruleId, ruleId), beforeId ? lt(e.id, beforeId) : undefined))
      .orderBy(desc(e.id))
      .limit(limit + 1);
  }

  async insertChannel(values: typeof c.$inferInsert): Promise<AlertChannelRow> {
    const [row] = await this.db.insert(c).values(values).returning();
    return row!;
  }

  async findChannel(id: string): Promise<AlertChannelRow | undefined> {
    const [row] = await this.db.select().from(c).where(eq(c.id, id));
    return row;
  }

  /** The ids among `ids` that are channels of the project. */
  async existingChannelIds(projectId: string, ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.db
      .select({ id: c.id })
      .from(c)
      .where(and(eq(c.projectId, projectId), inArray(c.id, ids)));
    return new Set(rows.map((row) => row.id));
  }

  findChannelPage(projectId: string, limit: number, beforeId: string | null) {
    return this.db
      .select()
      .from(c)
      .where(and(eq(c.projectId, projectId), beforeId ? lt(c.id, beforeId) : undefined))
      .orderBy(desc(c.id))
      .limit(limit + 1);
  }

  async updateChannel(
    id: string,
    values: Partial<Pick<AlertChannelRow, 'name' | 'url' | 'recipients'>>,
  ): Promise<AlertChannelRow> {
    const [row] = await this.db.update(c).set(values).where(eq(c.id, id)).returning();
    return row!;
  }

  async deleteChannel(id: string): Promise<void> {
    await this.db.delete(c).where(eq(c.id, id));
  }
}
