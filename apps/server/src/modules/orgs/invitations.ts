import type { Db } from '@aistudio/db';
import type { Actor } from '../../auth/principal.js';
import { sha256 } from '../../auth/secrets.js';
import { ConflictError, UnprocessableError } from '../../http/errors.js';
import type { AuditRepository } from '../audit/audit.repository.js';
import { OrgsRepository } from './orgs.repository.js';

/**
 * Consumes an invitation token inside the caller's transaction and adds the user to its org.
 * The row lock makes a token single-use even under concurrent requests.
 */
export async function redeemInvitation(
  tx: Db,
  audit: AuditRepository,
  token: string,
  user: { id: string; email: string },
  actor: Actor,
): Promise<{ orgId: string }> {
  const orgs = new OrgsRepository(tx);
  const found = await orgs.findInvitationByTokenHashForUpdate(sha256(token));
  const invitation = found?.invitation;
  const invalid = (why: string) =>
    new UnprocessableError(`The invitation ${why}; ask an organization admin for a new link.`, [
      { field: 'invitationToken', message: why },
    ]);
  if (!invitation || invitation.revokedAt) throw invalid('is not valid');
  if (invitation.acceptedAt) throw invalid('has already been used');
  if (invitation.expiresAt.getTime() <= Date.now()) throw invalid('has expired');
  // Like a key, an invitation carries its creator's authority and lapses with it.
  if (found.creatorRole !== 'owner' && found.creatorRole !== 'admin') {
    throw invalid('was created by someone who no longer administers the organization');
  }
  if (invitation.email && invitation.email !== user.email)
    throw invalid(`was sent to another email address`);
  if (
    !(await orgs.insertMember({ orgId: invitation.orgId, userId: user.id, role: invitation.role }))
  ) {
    throw new ConflictError('You are already a member of this organization.');
  }
  await orgs.markInvitationAccepted(invitation.id, user.id);
  await audit.record(actor, {
    orgId: invitation.orgId,
    action: 'invitation.accept',
    targetType: 'invitation',
    targetId: invitation.id,
    summary: `${user.email} joined as ${invitation.role}`,
  });
  return { orgId: invitation.orgId };
}
