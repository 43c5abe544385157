import { and, asc, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import { schema, type Db } from '@aistudio/db';

export type WebhookRow = typeof schema.webhooks.$inferSelect;
export type WebhookDeliveryRow = typeof schema.webhookDeliveries.$inferSelect;
export type WebhookAttemptRow = typeof schema.webhookDeliveryAttempts.$inferSelect;

const w = schema.webhooks;
const d = schema.webhookDeliveries;
const a = schema.webhookDeliveryAttempts;

/** All SQL of webhooks, their deliveries and attempts. Callers authorize first. */
export class WebhooksRepository {
  constructor(private readonly db: Db) {}

  async insertWebhook(values: typeof w.$inferInsert): Promise<WebhookRow> {
    const [row] = await this.db.insert(w).values(values).returning();
    return row!;
  }

  async findWebhook(id: string, options: { lock?: boolean } = {}): Promise<WebhookRow | undefined> {
    const query = this.db.select().from(w).where(eq(w.id, id));
    const [row] = options.lock ? await query.for('update') : await query;
    return row;
  }

  /** A page of a project's webhooks, newest first. */
  findWebhookPage(projectId: string, limit: number, beforeId: string | null) {
    return this.db
      .select()
      .from(w)
      .where(and(eq(w.projectId, projectId), beforeId ? lt(w.id, beforeId) : undefined))
      .orderBy(desc(w.id))
      .limit(limit + 1);
  }

  /** The enabled webhooks of a project subscribed to an event type. */
  findSubscribers(projectId: string, eventType: string) {
    return this.db
      .select({ id: w.id })
      .from(w)
      .where(
        and(
          eq(w.projectId, projectId),
          eq(w.enabled, true),
          sql`${w.events} @> ${JSON.stringify([eventType])}::jsonb`,
        ),
      );
  }

  async updateWebhook(
    id: string,
    values: Partial<
      Pick<
        typeof w.$inferInsert,
        | 'url'
        | 'events'
        | 'description'
        | 'enabled'
        | 'disabledReason'
        | 'consecutiveFailures'
        | 'secretCiphertext'
      >
    >,
  ): Promise<WebhookRow> {
    const [row] = await this.db
      .update(w)
      .set({ ...values, updatedAt: new Date() })
      .where(eq(w.id, id))
      .returning();
    return row!;
  }

  async deleteWebhook(id: string): Promise<void> {
    await this.db.delete(w).where(eq(w.id, id));
  }

  async insertDeliveries(values: (typeof d.$inferInsert)[]): Promise<WebhookDeliveryRow[]> {
    if (values.length === 0) return [];
    return this.db.insert(d).values(values).returning();
  }

  async findDelivery(id: string): Promise<WebhookDeliveryRow | undefined> {
    const [row] = await this.db.select().from(d).where(eq(d.id, id));
    return row;
  }

  /** A page of a webhook's deliveries, newest first. */
  findDeliveryPage(webhookId: string, limit: number, beforeId: string | null) {
    return this.db
      .select()
      .from(d)
      .where(and(eq(d.webhookId, webhookId), beforeId ? lt(d.id, beforeId) : undefined))
      .orderBy(desc(d.id))
      .limit(limit + 1);
  }

  async setDeliveryStatus(id: string, status: WebhookDeliveryRow['status']): Promise<void> {
    await this.db.update(d).set({ status, updatedAt: new Date() }).where(eq(d.id, id));
  }

  findAttempts(deliveryIds: string[]) {
    if (deliveryIds.length === 0) return Promise.resolve([]);
    return this.db
      .select()
      .from(a)
      .where(inArray(a.deliveryId, deliveryIds))
      .orderBy(asc(a.deliveryId), asc(a.attempt));
  }

  async countAttempts(deliveryId: string): Promise<number> {
    const [row] = await this.db
      .select({ count: sql<number>`count(*)::int` })
      .from(a)
      .where(eq(a.deliveryId, deliveryId));
    return row?.count ?? 0;
  }

  async insertAttempt(values: typeof a.$inferInsert): Promise<void> {
    await this.db.insert(a).values(values);
  }
}
