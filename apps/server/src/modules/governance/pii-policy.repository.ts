import { eq } from 'drizzle-orm';
import { schema, type Db } from '@aistudio/db';
import type { UpdatePiiPolicyBody } from '@aistudio/contracts';

/** All SQL of the org PII policy: the org's overrides of the defaults, on its row. */
export class PiiPolicyRepository {
  constructor(private readonly db: Db) {}

  /** The org's stored overrides; null when it uses the defaults (or does not exist). */
  async findOverrides(orgId: string): Promise<UpdatePiiPolicyBody | null> {
    const [row] = await this.db
      .select({ piiPolicy: schema.orgs.piiPolicy })
      .from(schema.orgs)
      .where(eq(schema.orgs.id, orgId));
    return (row?.piiPolicy as UpdatePiiPolicyBody | null | undefined) ?? null;
  }

  async saveOverrides(orgId: string, overrides: UpdatePiiPolicyBody): Promise<void> {
    await this.db
      .update(schema.orgs)
      .set({ piiPolicy: overrides, updatedAt: new Date() })
      .where(eq(schema.orgs.id, orgId));
  }
}
