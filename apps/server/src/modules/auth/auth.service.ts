import type {
  ChangePasswordBody,
  InstanceInfo,
  LoginBody,
  RegisterBody,
  Session,
  SetupBody,
  UpdateInstanceBody,
  UserSession,
} from '@aistudio/contracts';
import { isUniqueViolation, type Db } from '@aistudio/db';
import type { Actor, UserPrincipal } from '../../auth/principal.js';
import { authorize } from '../../auth/policy.js';
import { assertPasswordAcceptable } from '../../auth/password-policy.js';
import { hashPassword, newToken, sha256, verifyPassword } from '../../auth/secrets.js';
import {
  ConflictError,
  ForbiddenError,
  InvalidCredentialsError,
  NotFoundError,
  ValidationError,
} from '../../http/errors.js';
import { iso } from '../../http/pagination.js';
import type { AuditRepository } from '../audit/audit.repository.js';
import type { AuditedTransactions } from '../audit/audited-transactions.js';
import { OrgsRepository } from '../orgs/orgs.repository.js';
import { redeemInvitation } from '../orgs/invitations.js';
import { AuthRepository, type UserRow } from './auth.repository.js';
import type { LoginThrottle } from './login-throttle.js';

export const SESSION_TTL_MS = 14 * 24 * 3600_000;
const TOUCH_EVERY_MS = 10 * 60_000;

/** Where a request came from; sessions and audit events record it. */
export interface ClientMeta {
  ip: string | null;
  userAgent: string | null;
}

/** A new session: the token goes in the cookie, the body goes to the client. */
export interface IssuedSession {
  token: string;
  session: Session;
}

export class AuthService {
  private readonly auth: AuthRepository;

  constructor(
    db: Db,
    private readonly transactions: AuditedTransactions,
    private readonly throttle: LoginThrottle,
    private readonly version: string,
  ) {
    this.auth = new AuthRepository(db);
  }

  async instanceInfo(): Promise<InstanceInfo> {
    const [settings, anyUser] = await Promise.all([
      this.auth.findInstanceSettings(),
      this.auth.anyUserExists(),
    ]);
    return {
      setupRequired: !anyUser,
      openRegistration: settings.openRegistration,
      version: this.version,
    };
  }

  async updateInstance(actor: Actor, body: UpdateInstanceBody): Promise<InstanceInfo> {
    authorize(actor.principal, 'instance.manage', { type: 'instance' });
    await this.transactions.run(async (tx, audit) => {
      await new AuthRepository(tx).updateInstanceSettings(body.openRegistration);
      const personalOrgId = await new AuthRepository(tx).findPersonalOrgId(
        (actor.principal as UserPrincipal).userId,
      );
      await audit.record(actor, {
        orgId: personalOrgId!,
        action: 'instance.update',
        targetType: 'instance',
        summary: `Open registration ${body.openRegistration ? 'enabled' : 'disabled'}`,
      });
    });
    return this.instanceInfo();
  }

  /** First run: creates the instance owner; answers 409 once any user exists. */
  async setup(body: SetupBody, meta: ClientMeta): Promise<IssuedSession> {
    assertPasswordAcceptable('body.password', body.password, body);
    const passwordHash = await hashPassword(body.password);
    const user = await this.transactions.run(async (tx, audit) => {
      const repo = new AuthRepository(tx);
      await repo.lockInstanceSettings();
      if (await repo.anyUserExists()) {
        throw new ConflictError('Setup is already complete; sign in at /api/v1/auth/login.');
      }
      return this.createUser(
        tx,
        audit,
        { ...body, passwordHash, isInstanceAdmin: true },
        meta,
        'auth.setup',
      );
    });
    return this.issueSession(user.row, user.personalOrgId, meta);
  }

  /** Headless setup from AISTUDIO_ADMIN_EMAIL/PASSWORD; does nothing once a user exists. */
  async ensureInitialAdmin(admin: { email: string; password: string }): Promise<boolean> {
    const name = admin.email.split('@')[0]!;
    assertPasswordAcceptable('AISTUDIO_ADMIN_PASSWORD', admin.password, admin);
    const passwordHash = await hashPassword(admin.password);
    return this.transactions.run(async (tx, audit) => {
      const repo = new AuthRepository(tx);
      await repo.lockInstanceSettings();
      if (await repo.anyUserExists()) return false;
      await this.createUser(
        tx,
        audit,
        { email: admin.email, name, passwordHash, isInstanceAdmin: true },
        null,
        'auth.setup',
      );
      return true;
    });
  }

  /** Creates a user from the CLI (`aistudio admin create-user`); no session. */
  async createUserAsAdmin(input: {
    email: string;
    name: string;
    password: string;
    isInstanceAdmin: boolean;
  }) {
    assertPasswordAcceptable('password', input.password, input);
    const passwordHash = await hashPassword(input.password);
    return this.transactions.run(async (tx, audit) => {
      await new AuthRepository(tx).lockInstanceSettings();
      const { row } = await this.createUser(
        tx,
        audit,
        { ...input, passwordHash },
        null,
        'user.create',
      );
      return { id: row.id, email: row.email };
    });
  }

  async login(body: LoginBody, meta: ClientMeta): Promise<IssuedSession> {
    const ip = meta.ip ?? 'unknown';
    await this.throttle.beforeAttempt(body.email, ip);
    const user = await this.auth.findUserByEmail(body.email);
    if (!(await verifyPassword(user?.passwordHash ?? null, body.password)) || !user) {
      await this.throttle.recordFailure(body.email, ip);
      throw new InvalidCredentialsError();
    }
    await this.throttle.recordSuccess(body.email);
    const personalOrgId = await this.auth.findPersonalOrgId(user.id);
    const issued = await this.issueSession(user, personalOrgId!, meta);
    // Sign-ins are recorded in the user's personal org, where the user (and only they) can review them.
    await this.transactions.run((_tx, audit) =>
      audit.record(
        { principal: this.userPrincipal(user, '', ''), ...meta },
        {
          orgId: personalOrgId!,
          action: 'auth.login',
          targetType: 'user',
          targetId: user.id,
          summary: 'Signed in',
        },
      ),
    );
    return issued;
  }

  async logout(actor: Actor, principal: UserPrincipal) {
    await this.transactions.run(async (tx, audit) => {
      const repo = new AuthRepository(tx);
      await repo.deleteSession(principal.sessionId);
      await audit.record(actor, {
        orgId: (await repo.findPersonalOrgId(principal.userId))!,
        action: 'auth.logout',
        targetType: 'user',
        targetId: principal.userId,
        summary: 'Signed out',
      });
    });
  }

  async listSessions(principal: UserPrincipal): Promise<UserSession[]> {
    const rows = await this.auth.findLiveSessionsOfUser(principal.userId);
    return rows.map((row) => ({
      id: row.id,
      ip: row.ip,
      userAgent: row.userAgent,
      current: row.id === principal.sessionId,
      createdAt: iso(row.createdAt),
      lastSeenAt: iso(row.lastSeenAt),
      expiresAt: iso(row.expiresAt),
    }));
  }

  /** Signs out one of the user's sessions (another browser, a lost laptop). */
  async revokeSession(actor: Actor, principal: UserPrincipal, sessionId: string) {
    await this.transactions.run(async (tx, audit) => {
      const repo = new AuthRepository(tx);
      if (!(await repo.deleteSessionOfUser(principal.userId, sessionId))) {
        throw new NotFoundError(`Session ${sessionId} not found.`);
      }
      await audit.record(actor, {
        orgId: (await repo.findPersonalOrgId(principal.userId))!,
        action: 'auth.session_revoke',
        targetType: 'session',
        targetId: sessionId,
        summary: 'Signed out a session',
      });
    });
  }

  async me(principal: UserPrincipal): Promise<Session> {
    const user = await this.auth.findUserById(principal.userId);
    const personalOrgId = await this.auth.findPersonalOrgId(principal.userId);
    return toSession(user!, principal.csrfToken, personalOrgId!);
  }

  /** Changes the password and signs out every other session of the user. */
  async changePassword(actor: Actor, principal: UserPrincipal, body: ChangePasswordBody) {
    const user = await this.auth.findUserById(principal.userId);
    if (!user || !(await verifyPassword(user.passwordHash, body.currentPassword))) {
      throw ValidationError.field('body.currentPassword', 'does not match your current password');
    }
    assertPasswordAcceptable('body.newPassword', body.newPassword, user);
    const passwordHash = await hashPassword(body.newPassword);
    await this.transactions.run(async (tx, audit) => {
      const repo = new AuthRepository(tx);
      await repo.updatePasswordHash(user.id, passwordHash);
      await repo.deleteOtherSessions(user.id, principal.sessionId);
      const orgId = await repo.findPersonalOrgId(user.id);
      await audit.record(actor, {
        orgId: orgId!,
        action: 'user.password_change',
        targetType: 'user',
        targetId: user.id,
        summary: 'Changed password; other sessions signed out',
      });
    });
  }

  /** Registration: open when the instance allows it, otherwise with an invitation token. */
  async register(body: RegisterBody, meta: ClientMeta): Promise<IssuedSession> {
    assertPasswordAcceptable('body.password', body.password, body);
    const passwordHash = await hashPassword(body.password);
    const user = await this.transactions.run(async (tx, audit) => {
      const settings = await new AuthRepository(tx).findInstanceSettings();
      if (!settings.openRegistration && !body.invitationToken) {
        throw new ForbiddenError(
          'Registration on this instance needs an invitation; ask an organization admin for an invitation link.',
        );
      }
      const created = await this.createUser(
        tx,
        audit,
        { ...body, passwordHash, isInstanceAdmin: false },
        meta,
        'user.register',
      );
      if (body.invitationToken) {
        const principal = this.userPrincipal(created.row, '', '');
        await redeemInvitation(tx, audit, body.invitationToken, created.row, {
          principal,
          ...meta,
        });
      }
      return created;
    });
    return this.issueSession(user.row, user.personalOrgId, meta);
  }

  /** Resolves a session cookie to its user; null for unknown or expired tokens. */
  async resolveSession(token: string): Promise<UserPrincipal | null> {
    const found = await this.auth.findLiveSessionWithUser(sha256(token));
    if (!found) return null;
    if (Date.now() - found.session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
      await this.auth.touchSession(found.session.id);
    }
    return this.userPrincipal(found.user, found.session.id, found.session.csrfToken);
  }

  private userPrincipal(user: UserRow, sessionId: string, csrfToken: string): UserPrincipal {
    return {
      kind: 'user',
      userId: user.id,
      name: user.name,
      email: user.email,
      isInstanceAdmin: user.isInstanceAdmin,
      sessionId,
      csrfToken,
    };
  }

  private async createUser(
    tx: Db,
    audit: AuditRepository,
    input: { email: string; name: string; passwordHash: string; isInstanceAdmin: boolean },
    meta: ClientMeta | null,
    action: string,
  ) {
    const repo = new AuthRepository(tx);
    if (await repo.findUserByEmail(input.email)) throw emailTaken();
    let row: UserRow;
    try {
      row = await repo.insertUser(input);
    } catch (error) {
      // Two registrations racing past the check above: the unique index decides.
      if (isUniqueViolation(error)) throw emailTaken();
      throw error;
    }
    const org = await new OrgsRepository(tx).insertOrgWithOwner({
      name: `${input.name} (personal)`,
      kind: 'personal',
      ownerId: row.id,
    });
    const principal = this.userPrincipal(row, '', '');
    await audit.record(meta ? { principal, ...meta } : null, {
      orgId: org.id,
      action,
      targetType: 'user',
      targetId: row.id,
      summary: `Created account ${row.email}${input.isInstanceAdmin ? ' (instance administrator)' : ''}`,
    });
    return { row, personalOrgId: org.id };
  }

  private async issueSession(
    user: UserRow,
    personalOrgId: string,
    meta: ClientMeta,
  ): Promise<IssuedSession> {
    const token = newToken();
    const csrfToken = newToken();
    await this.auth.insertSession({
      userId: user.id,
      tokenHash: sha256(token),
      csrfToken,
      ip: meta.ip,
      userAgent: meta.userAgent?.slice(0, 500) ?? null,
      expiresAt: new Date(Date.now() + SESSION_TTL_MS),
    });
    return { token, session: toSession(user, csrfToken, personalOrgId) };
  }
}

function emailTaken() {
  return new ConflictError('An account with this email already exists; sign in instead.', {
    errors: [{ field: 'body.email', message: 'is already registered' }],
  });
}

function toSession(user: UserRow, csrfToken: string, personalOrgId: string): Session {
  return {
    user: {
      id: user.id,
      email: user.email,
      name: user.name,
      isInstanceAdmin: user.isInstanceAdmin,
      createdAt: iso(user.createdAt),
    },
    csrfToken,
    personalOrgId,
  };
}
