import type { AddDeniedHashBody, DeniedHash, PageQuery } from '@aistudio/contracts';
import { isUniqueViolation, type Db } from '@aistudio/db';
import { authorize } from '../../auth/policy.js';
import type { Actor, Principal, UserPrincipal } from '../../auth/principal.js';
import { ConflictError, NotFoundError } from '../../http/errors.js';
import { decodeCursor, iso, toPage } from '../../http/pagination.js';
import type { AuditedTransactions } from '../audit/audited-transactions.js';
import { AuthRepository } from '../auth/auth.repository.js';
import { normalizeSha256 } from './deny-list.js';
import { DeniedHashesRepository } from './denied-hashes.repository.js';

type Row = Awaited<ReturnType<DeniedHashesRepository['insert']>>;

/**
 * The instance administrator's list of file hashes known to be prohibited content: an upload
 * whose SHA-256 is listed is refused, whoever sends it.
 */
export class DeniedHashesService {
  constructor(
    private readonly db: Db,
    private readonly transactions: AuditedTransactions,
  ) {}

  async list(principal: Principal, query: PageQuery) {
    authorize(principal, 'instance.manage', { type: 'instance' });
    const rows = await new DeniedHashesRepository(this.db).findPage(
      query.limit,
      decodeCursor(query.cursor),
    );
    return toPage(rows, query.limit, toDeniedHash);
  }

  async add(actor: Actor, body: AddDeniedHashBody): Promise<DeniedHash> {
    authorize(actor.principal, 'instance.manage', { type: 'instance' });
    const sha256 = normalizeSha256(body.sha256, 'sha256');
    const userId = (actor.principal as UserPrincipal).userId;
    try {
      return await this.transactions.run(async (tx, audit) => {
        const row = await new DeniedHashesRepository(tx).insert({
          sha256,
          reason: body.reason,
          createdBy: userId,
        });
        await audit.record(actor, {
          orgId: (await new AuthRepository(tx).findPersonalOrgId(userId))!,
          action: 'instance.deny_hash',
          targetType: 'denied_hash',
          targetId: row.id,
          summary: `Denied uploads of ${sha256}: ${body.reason}`,
        });
        return toDeniedHash(row);
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ConflictError(`sha256: ${sha256} is already on the deny list`, {
          errors: [{ field: 'sha256', message: 'is already on the deny list' }],
        });
      }
      throw error;
    }
  }

  async remove(actor: Actor, id: string): Promise<void> {
    authorize(actor.principal, 'instance.manage', { type: 'instance' });
    const userId = (actor.principal as UserPrincipal).userId;
    await this.transactions.run(async (tx, audit) => {
      const row = await new DeniedHashesRepository(tx).delete(id);
      if (!row) throw new NotFoundError(`Denied hash ${id} not found.`);
      await audit.record(actor, {
        orgId: (await new AuthRepository(tx).findPersonalOrgId(userId))!,
        action: 'instance.allow_hash',
        targetType: 'denied_hash',
        targetId: id,
        summary: `Removed ${row.sha256} from the deny list`,
      });
    });
  }
}

function toDeniedHash(row: Row): DeniedHash {
  return {
    id: row.id,
    sha256: row.sha256,
    reason: row.reason,
    createdBy: row.createdBy,
    createdAt: iso(row.createdAt),
  };
}
