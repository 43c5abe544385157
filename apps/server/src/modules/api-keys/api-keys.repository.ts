import { and, desc, eq, isNull, lt } from 'drizzle-orm';
import { schema, type Db } from '@aistudio/db';
import type { ApiKeyScope } from '@aistudio/contracts';

export type ApiKeyRow = typeof schema.apiKeys.$inferSelect;

export class ApiKeysRepository {
  constructor(private readonly db: Db) {}

  async insertKey(values: {
    orgId: string;
    projectId: string | null;
    name: string;
    prefix: string;
    secretHash: string;
    scopes: ApiKeyScope[];
    createdBy: string;
    expiresAt: Date | null;
  }) {
    const [row] = await this.db.insert(schema.apiKeys).values(values).returning();
    return row!;
  }

  /**
   * The key for a secret hash, unless revoked, with its creator's current role in the key's org
   * (null once they left). Expiry is checked by the caller to say why.
   */
  async findUnrevokedBySecretHash(secretHash: string) {
    const [row] = await this.db
      .select({ key: schema.apiKeys, creatorRole: schema.orgMembers.role })
      .from(schema.apiKeys)
      .leftJoin(
        schema.orgMembers,
        and(
          eq(schema.orgMembers.orgId, schema.apiKeys.orgId),
          eq(schema.orgMembers.userId, schema.apiKeys.createdBy),
        ),
      )
      .where(and(eq(schema.apiKeys.secretHash, secretHash), isNull(schema.apiKeys.revokedAt)));
    return row;
  }

  findActivePageForOrg(orgId: string, limit: number, afterId: string | null) {
    const t = schema.apiKeys;
    return this.db
      .select()
      .from(t)
      .where(and(eq(t.orgId, orgId), isNull(t.revokedAt), afterId ? lt(t.id, afterId) : undefined))
      .orderBy(desc(t.id))
      .limit(limit + 1);
  }

  async findUnrevokedById(keyId: string) {
    const [row] = await this.db
      .select()
      .from(schema.apiKeys)
      .where(and(eq(schema.apiKeys.id, keyId), isNull(schema.apiKeys.revokedAt)));
    return row;
  }

  async markRevoked(keyId: string) {
    await this.db
      .update(schema.apiKeys)
      .set({ revokedAt: new Date() })
      .where(eq(schema.apiKeys.id, keyId));
  }

  async touchLastUsed(keyId: string) {
    await this.db
      .update(schema.apiKeys)
      .set({ lastUsedAt: new Date() })
      .where(eq(schema.apiKeys.id, keyId));
  }

  async projectBelongsToOrg(projectId: string, orgId: string): Promise<boolean> {
    const rows = await this.db
      .select({ id: schema.projects.id })
      .from(schema.projects)
      .where(and(eq(schema.projects.id, projectId), eq(schema.projects.orgId, orgId)));
    return rows.length > 0;
  }
}
