import { and, desc, eq, gt, ne, sql } from 'drizzle-orm';
import { schema, type Db } from '@aistudio/db';

export type UserRow = typeof schema.users.$inferSelect;

export class AuthRepository {
  constructor(private readonly db: Db) {}

  /** Locks the settings row for the rest of the transaction: concurrent first-run setups queue here. */
  async lockInstanceSettings() {
    const [row] = await this.db.select().from(schema.instanceSettings).for('update');
    return row!;
  }

  async findInstanceSettings() {
    const [row] = await this.db.select().from(schema.instanceSettings);
    return row!;
  }

  async updateInstanceSettings(openRegistration: boolean) {
    const [row] = await this.db
      .update(schema.instanceSettings)
      .set({ openRegistration, updatedAt: new Date() })
      .returning();
    return row!;
  }

  async anyUserExists(): Promise<boolean> {
    const rows = await this.db.select({ id: schema.users.id }).from(schema.users).limit(1);
    return rows.length > 0;
  }

  async findUserByEmail(email: string): Promise<UserRow | undefined> {
    const [row] = await this.db.select().from(schema.users).where(eq(schema.users.email, email));
    return row;
  }

  async findUserById(id: string): Promise<UserRow | undefined> {
    const [row] = await this.db.select().from(schema.users).where(eq(schema.users.id, id));
    return row;
  }

  async insertUser(values: {
    email: string;
    name: string;
    passwordHash: string;
    isInstanceAdmin: boolean;
  }) {
    const [row] = await this.db.insert(schema.users).values(values).returning();
    return row!;
  }

  async updatePasswordHash(userId: string, passwordHash: string) {
    await this.db
      .update(schema.users)
      .set({ passwordHash, updatedAt: new Date() })
      .where(eq(schema.users.id, userId));
  }

  async insertSession(values: {
    userId: string;
    tokenHash: string;
    csrfToken: string;
    ip: string | null;
    userAgent: string | null;
    expiresAt: Date;
  }) {
    const [row] = await this.db.insert(schema.sessions).values(values).returning();
    return row!;
  }

  /** The live session for a token hash, with its user; expired sessions are not found. */
  async findLiveSessionWithUser(tokenHash: string) {
    const [row] = await this.db
      .select({ session: schema.sessions, user: schema.users })
      .from(schema.sessions)
      .innerJoin(schema.users, eq(schema.users.id, schema.sessions.userId))
      .where(
        and(eq(schema.sessions.tokenHash, tokenHash), gt(schema.sessions.expiresAt, sql`now()`)),
      );
    return row;
  }

  async touchSession(sessionId: string) {
    await this.db
      .update(schema.sessions)
      .set({ lastSeenAt: new Date() })
      .where(eq(schema.sessions.id, sessionId));
  }

  /** The user's live sessions, most recently created first. */
  findLiveSessionsOfUser(userId: string) {
    return this.db
      .select()
      .from(schema.sessions)
      .where(and(eq(schema.sessions.userId, userId), gt(schema.sessions.expiresAt, sql`now()`)))
      .orderBy(desc(schema.sessions.id));
  }

  /** Deletes one of the user's sessions; false when it is not theirs or does not exist. */
  async deleteSessionOfUser(userId: string, sessionId: string): Promise<boolean> {
    const rows = await this.db
      .delete(schema.sessions)
      .where(and(eq(schema.sessions.userId, userId), eq(schema.sessions.id, sessionId)))
      .returning({ id: schema.sessions.id });
    return rows.length > 0;
  }

  async deleteSession(sessionId: string) {
    await this.db.delete(schema.sessions).where(eq(schema.sessions.id, sessionId));
  }

  async deleteOtherSessions(userId: string, keepSessionId: string) {
    await this.db
      .delete(schema.sessions)
      .where(and(eq(schema.sessions.userId, userId), ne(schema.sessions.id, keepSessionId)));
  }

  async findPersonalOrgId(userId: string): Promise<string | undefined> {
    const [row] = await this.db
      .select({ id: schema.orgs.id })
      .from(schema.orgs)
      .innerJoin(schema.orgMembers, eq(schema.orgMembers.orgId, schema.orgs.id))
      .where(and(eq(schema.orgMembers.userId, userId), eq(schema.orgs.kind, 'personal')))
      .limit(1);
    return row?.id;
  }
}
