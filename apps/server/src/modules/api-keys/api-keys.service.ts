import { randomBytes } from 'node:crypto';
import type { ApiKey, CreateApiKeyBody, CreatedApiKey, PageQuery } from '@aistudio/contracts';
import type { Db } from '@aistudio/db';
import type { OrgReadCache } from '../../infra/cache/org-read-cache.js';
import type { Actor, ApiKeyPrincipal, Principal } from '../../auth/principal.js';
import { sha256 } from '../../auth/secrets.js';
import {
  ForbiddenError,
  NotFoundError,
  UnauthorizedError,
  ValidationError,
} from '../../http/errors.js';
import { decodeCursor, iso, isoOrNull, toPage } from '../../http/pagination.js';
import type { AuditedTransactions } from '../audit/audited-transactions.js';
import type { OrgsService } from '../orgs/orgs.service.js';
import { ApiKeysRepository, type ApiKeyRow } from './api-keys.repository.js';

const KEY_PREFIX = 'ais_';
const LAST_USED_RESOLUTION_MS = 60_000;

export class ApiKeysService {
  private readonly keys: ApiKeysRepository;

  /** When each key's last use was last written, so it is written at most once a minute. */
  private readonly lastUseWritten = new Map<string, number>();

  constructor(
    db: Db,
    private readonly transactions: AuditedTransactions,
    private readonly cache: OrgReadCache,
    private readonly orgs: OrgsService,
  ) {
    this.keys = new ApiKeysRepository(db);
  }

  async list(principal: Principal, orgId: string, query: PageQuery) {
    await this.orgs.authorizeOrg(principal, orgId, 'org.apiKeys.manage');
    const rows = await this.keys.findActivePageForOrg(
      orgId,
      query.limit,
      decodeCursor(query.cursor),
    );
    return toPage(rows, query.limit, toApiKey);
  }

  /** Creates a key; the secret is in this response only. */
  async create(actor: Actor, orgId: string, body: CreateApiKeyBody): Promise<CreatedApiKey> {
    await this.orgs.authorizeOrg(actor.principal, orgId, 'org.apiKeys.manage');
    if (actor.principal.kind !== 'user') {
      throw new ForbiddenError('API keys are created by signed-in users, not by other keys.');
    }
    if (body.expiresAt && new Date(body.expiresAt).getTime() <= Date.now()) {
      throw ValidationError.field('body.expiresAt', 'must be in the future');
    }
    if (body.projectId && !(await this.keys.projectBelongsToOrg(body.projectId, orgId))) {
      throw ValidationError.field('body.projectId', 'is not a project of this organization');
    }
    const secret = KEY_PREFIX + randomBytes(32).toString('base64url');
    const createdBy = actor.principal.userId;
    return this.transactions.run(async (tx, audit) => {
      const row = await new ApiKeysRepository(tx).insertKey({
        orgId,
        projectId: body.projectId ?? null,
        name: body.name,
        prefix: secret.slice(0, 12),
        secretHash: sha256(secret),
        scopes: [...new Set(body.scopes)],
        createdBy,
        expiresAt: body.expiresAt ? new Date(body.expiresAt) : null,
      });
      await audit.record(actor, {
        orgId,
        projectId: row.projectId,
        action: 'api_key.create',
        targetType: 'api_key',
        targetId: row.id,
        summary: `Created API key "${row.name}" (${row.scopes.join(', ')})`,
      });
      return { ...toApiKey(row), secret };
    });
  }

  async revoke(actor: Actor, keyId: string) {
    const key = await this.keys.findUnrevokedById(keyId);
    if (!key) throw new NotFoundError(`API key ${keyId} not found.`);
    await this.orgs.authorizeOrg(actor.principal, key.orgId, 'org.apiKeys.manage');
    await this.transactions.run(async (tx, audit) => {
      await new ApiKeysRepository(tx).markRevoked(keyId);
      await audit.record(actor, {
        orgId: key.orgId,
        projectId: key.projectId,
        action: 'api_key.revoke',
        targetType: 'api_key',
        targetId: keyId,
        summary: `Revoked API key "${key.name}"`,
      });
    });
  }

  /** Resolves a bearer secret; 401 with the reason for unknown, revoked or expired keys. */
  async authenticate(secret: string): Promise<ApiKeyPrincipal> {
    if (!secret.startsWith(KEY_PREFIX))
      throw new UnauthorizedError('The bearer token is not an AI Studio API key.');
    const secretHash = sha256(secret);
    // Revoking a key records an audit event in its org, which drops this cached entry.
    const found = await this.cache.getByLoadedOrg(`api-key:${secretHash}`, async () => {
      const row = await this.keys.findUnrevokedBySecretHash(secretHash);
      return row ? { orgId: row.key.orgId, value: row } : null;
    });
    if (!found) throw new UnauthorizedError('The API key is unknown or has been revoked.');
    const key = found.key;
    if (key.expiresAt && key.expiresAt.getTime() <= Date.now()) {
      throw new UnauthorizedError(
        `The API key expired at ${key.expiresAt.toISOString()}; create a new one.`,
      );
    }
    // A key never outlives its creator's authority: it works while they still administer the org.
    if (found.creatorRole !== 'owner' && found.creatorRole !== 'admin') {
      throw new UnauthorizedError(
        'The API key was created by someone who no longer administers this organization; create a new key.',
      );
    }
    const lastWritten = this.lastUseWritten.get(key.id) ?? key.lastUsedAt?.getTime() ?? 0;
    if (Date.now() - lastWritten > LAST_USED_RESOLUTION_MS) {
      this.lastUseWritten.set(key.id, Date.now());
      await this.keys.touchLastUsed(key.id);
    }
    return {
      kind: 'apiKey',
      keyId: key.id,
      name: key.name,
      orgId: key.orgId,
      projectId: key.projectId,
      scopes: key.scopes as ApiKeyPrincipal['scopes'],
      createdBy: key.createdBy,
    };
  }
}

function toApiKey(row: ApiKeyRow): ApiKey {
  return {
    id: row.id,
    orgId: row.orgId,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes as ApiKey['scopes'],
    projectId: row.projectId,
    createdBy: row.createdBy,
    expiresAt: isoOrNull(row.expiresAt),
    lastUsedAt: isoOrNull(row.lastUsedAt),
    createdAt: iso(row.createdAt),
  };
}
