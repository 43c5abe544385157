import type { PiiPolicy as PiiPolicyDto, UpdatePiiPolicyBody } from '@aistudio/contracts';
import type { Db } from '@aistudio/db';
import type { Actor, Principal } from '../../auth/principal.js';
import type { AuditedTransactions } from '../audit/audited-transactions.js';
import type { OrgsService } from '../orgs/orgs.service.js';
import { DEFAULT_PII_POLICY, resolvePiiPolicy, type PiiPolicy } from './pii-policy.js';
import { PiiPolicyRepository } from './pii-policy.repository.js';

/** The policy ingest applies to an org's uploads: its overrides over the defaults. */
export async function orgPiiPolicy(db: Db, orgId: string): Promise<PiiPolicy> {
  return resolvePiiPolicy((await new PiiPolicyRepository(db).findOverrides(orgId)) ?? {});
}

/** An org's PII policy: members read it, admins change it (audited). */
export class PiiPolicyService {
  constructor(
    private readonly db: Db,
    private readonly transactions: AuditedTransactions,
    private readonly orgs: OrgsService,
  ) {}

  async get(principal: Principal, orgId: string): Promise<PiiPolicyDto> {
    await this.orgs.authorizeOrg(principal, orgId, 'org.read');
    const overrides = await new PiiPolicyRepository(this.db).findOverrides(orgId);
    return toDto(orgId, overrides ?? { kinds: {} });
  }

  /** Replaces the org's overrides: kinds not in `body` return to their default. */
  async replace(actor: Actor, orgId: string, body: UpdatePiiPolicyBody): Promise<PiiPolicyDto> {
    await this.orgs.authorizeOrg(actor.principal, orgId, 'org.update');
    const policy = resolvePiiPolicy(body);
    await this.transactions.run(async (tx, audit) => {
      await new PiiPolicyRepository(tx).saveOverrides(orgId, body);
      await audit.record(actor, {
        orgId,
        action: 'org.pii_policy.update',
        targetType: 'org',
        targetId: orgId,
        summary: `Set the PII policy: ${describePolicy(policy)}`,
      });
    });
    return toDto(orgId, body);
  }
}

function toDto(orgId: string, overrides: UpdatePiiPolicyBody): PiiPolicyDto {
  const policy = resolvePiiPolicy(overrides);
  return {
    orgId,
    kinds: policy.kinds,
    copyright: policy.copyright,
    overrides,
    defaults: { kinds: DEFAULT_PII_POLICY.kinds, copyright: DEFAULT_PII_POLICY.copyright },
  };
}

/** "email mask (hash), phone review, …; copyright flag": the audit log's one line. */
function describePolicy(policy: PiiPolicy): string {
  const kinds = Object.entries(policy.kinds).map(
    ([kind, rule]) => `${kind} ${rule.action === 'mask' ? `mask (${rule.method})` : rule.action}`,
  );
  return `${kinds.join(', ')}; copyright ${policy.copyright}`;
}
