import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { UploadAccepted } from '@aistudio/contracts';
import { uuidv7, type Db } from '@aistudio/db';
import { accountableUser, type Actor, type Principal } from '../../../auth/principal.js';
import {
  ConflictError,
  NotFoundError,
  PayloadTooLargeError,
  ValidationError,
} from '../../../http/errors.js';
import { BlobTooLargeError } from '../../../infra/storage/blob-errors.js';
import {
  PARTIAL_BLOB_LIFETIME_MS,
  type BlobStorage,
  type PartialBlobState,
} from '../../../infra/storage/blob-storage.js';
import type { AuditedTransactions } from '../../audit/audited-transactions.js';
import type { ProjectsService } from '../../projects/projects.service.js';
import type { DatasetsService, UploadTarget } from '../datasets.service.js';
import { displayName, receiveUploadFields } from '../upload.js';
import {
  assertTusResumable,
  byteCountHeader,
  parseUploadMetadata,
  TUS_CONTENT_TYPE,
  UnsupportedMediaTypeError,
  UploadExpiredError,
} from './tus-protocol.js';
import { UploadSessionsRepository, type UploadSessionRow } from './upload-sessions.repository.js';
import type { UploadExpirySchedule } from './upload-expiry-job.js';

/** How long an upload may take from its creation; storage sweeps partial blobs older than this. */
export const UPLOAD_LIFETIME_MS = PARTIAL_BLOB_LIFETIME_MS;
/** A PATCH holds its session this long and renews the hold while bytes flow; a dead server's hold lapses. */
const HOLD_MS = 2 * 60 * 1000;

const UploadTargetMetadata = z
  .object({ projectId: z.uuid().optional(), datasetId: z.uuid().optional() })
  .refine((m) => (m.projectId === undefined) !== (m.datasetId === undefined), {
    error: 'must name either projectId (a new dataset) or datasetId (a new version), not both',
  });

/**
 * Resumable uploads (tus 1.0: core, creation, termination, expiration). Bytes arrive in PATCHes
 * into a partial blob; the finishing request hands the whole file to the ordinary upload path.
 */
export class ResumableUploadsService {
  constructor(
    private readonly db: Db,
    private readonly transactions: AuditedTransactions,
    private readonly storage: BlobStorage,
    private readonly projects: ProjectsService,
    private readonly datasets: DatasetsService,
    private readonly expiry: UploadExpirySchedule,
    /** The upload limit, as for a single-request upload. */
    readonly maxUploadBytes: number,
  ) {}

  /** `POST /uploads`: checks the target and the declared length, then starts an empty upload. */
  async create(actor: Actor, headers: IncomingHttpHeaders): Promise<UploadSessionRow> {
    const { principal } = actor;
    assertTusResumable(headers);
    const length = byteCountHeader(headers, 'Upload-Length');
    if (length === 0) throw ValidationError.field('Upload-Length', 'is 0: the file is empty');
    if (length > this.maxUploadBytes) throw new BlobTooLargeError(this.maxUploadBytes);
    const metadata = parseUploadMetadata(headers['upload-metadata']);
    const parsed = UploadTargetMetadata.safeParse(metadata);
    if (!parsed.success) {
      throw ValidationError.field('Upload-Metadata', parsed.error.issues[0]!.message);
    }
    const target: UploadTarget = parsed.data.datasetId
      ? { kind: 'version', datasetId: parsed.data.datasetId }
      : { kind: 'new', projectId: parsed.data.projectId! };
    const { project, existing } = await this.datasets.authorizeUpload(principal, target);
    const id = uuidv7();
    const storageKey = stagedKey(project.orgId, id);
    const storageState = await this.storage.beginPartial(storageKey);
    try {
      return await this.transactions.run(async (tx, audit) => {
        const session = await new UploadSessionsRepository(tx).insert({
          id,
          orgId: project.orgId,
          projectId: project.id,
          datasetId: existing?.id ?? null,
          createdBy: accountableUser(principal),
          fileName: displayName(metadata['filename']),
          lengthBytes: length,
          storageState,
          expiresAt: new Date(Date.now() + UPLOAD_LIFETIME_MS),
        });
        await this.expiry.ensure(tx, project.orgId);
        await audit.record(actor, {
          orgId: project.orgId,
          projectId: project.id,
          action: 'upload.create',
          targetType: 'upload',
          targetId: id,
          summary: `Started a resumable upload of "${session.fileName}" (${length} bytes)`,
        });
        return session;
      });
    } catch (error) {
      await this.storage.abortPartial(storageKey, storageState).catch(() => undefined);
      throw error;
    }
  }

  /** `HEAD /uploads/{id}`: where to resume. */
  find(principal: Principal, id: string): Promise<UploadSessionRow> {
    return this.#sessionFor(principal, id);
  }

  /** `PATCH /uploads/{id}`: appends the body at `Upload-Offset`; answers the new offset. */
  async append(
    principal: Principal,
    id: string,
    headers: IncomingHttpHeaders,
    body: AsyncIterable<Uint8Array>,
  ): Promise<number> {
    assertTusResumable(headers);
    if (headers['content-type']?.split(';')[0]?.trim().toLowerCase() !== TUS_CONTENT_TYPE) {
      throw new UnsupportedMediaTypeError(
        `Content-Type: must be ${TUS_CONTENT_TYPE} (the raw bytes of the chunk)`,
      );
    }
    const offset = byteCountHeader(headers, 'Upload-Offset');
    const session = await this.#sessionFor(principal, id);
    assertOffset(session, offset);
    const declared = headers['content-length'];
    if (declared !== undefined && offset + Number(declared) > session.lengthBytes) {
      throw pastDeclaredLength(session.lengthBytes);
    }
    const held = await this.#hold(session);
    const repo = new UploadSessionsRepository(this.db);
    const renew = setInterval(
      () => void repo.renewHold(id, holdUntil()).catch(() => undefined),
      HOLD_MS / 4,
    );
    try {
      assertOffset(held, offset);
      const { state, error } = await this.storage.appendPartial(
        stagedKey(held.orgId, id),
        stateOf(held),
        refusingPast(body, held.lengthBytes - offset, held.lengthBytes),
      );
      clearInterval(renew);
      await repo.recordAppend(id, state.size, state);
      // A client that went away keeps what arrived; one that sent too much hears 413.
      if (error) throw error;
      return state.size;
    } finally {
      clearInterval(renew);
      await repo.release(id).catch(() => undefined);
    }
  }

  /** `DELETE /uploads/{id}`: frees the bytes received. */
  async terminate(actor: Actor, id: string): Promise<void> {
    const session = await this.#sessionFor(actor.principal, id, { expiredToo: true });
    const held = await this.#hold(session);
    await this.storage.abortPartial(stagedKey(held.orgId, id), stateOf(held));
    await this.transactions.run(async (tx, audit) => {
      await new UploadSessionsRepository(tx).delete(id);
      await audit.record(actor, {
        orgId: held.orgId,
        projectId: held.projectId,
        action: 'upload.terminate',
        targetType: 'upload',
        targetId: id,
        summary: `Cancelled the resumable upload of "${held.fileName}" at ${held.receivedBytes} of ${held.lengthBytes} bytes`,
      });
    });
  }

  /**
   * `POST /uploads/{id}/finish`: once every byte is in, the file becomes a dataset or version
   * through the multipart upload's own path (checks, dedupe, governance, ingest). The session is
   * used up either way; a form that cannot be read leaves it to be finished again.
   */
  async finish(actor: Actor, id: string, request: FastifyRequest): Promise<UploadAccepted> {
    const session = await this.#sessionFor(actor.principal, id);
    if (session.receivedBytes < session.lengthBytes) {
      throw new ConflictError(
        `The upload has ${session.receivedBytes} of its ${session.lengthBytes} bytes; PATCH the rest before finishing.`,
        { headers: { 'upload-offset': String(session.receivedBytes) } },
      );
    }
    const held = await this.#hold(session);
    const repo = new UploadSessionsRepository(this.db);
    let form: Awaited<ReturnType<typeof receiveUploadFields>>;
    try {
      form = await receiveUploadFields(request);
    } catch (error) {
      await repo.release(id);
      throw error;
    }
    const storageKey = stagedKey(held.orgId, id);
    await this.storage.completePartial(storageKey, stateOf(held));
    await repo.delete(id);
    // With its session gone the staged file belongs to nothing; acceptStaged frees it on its own failures.
    const sha256 = await this.#sha256Of(storageKey).catch(async (error: unknown) => {
      await this.storage.delete(storageKey).catch(() => undefined);
      throw error;
    });
    const target: UploadTarget = held.datasetId
      ? { kind: 'version', datasetId: held.datasetId }
      : { kind: 'new', projectId: held.projectId };
    return this.datasets.acceptStaged(actor, target, {
      ...form,
      file: { storageKey, fileName: held.fileName, sizeBytes: held.lengthBytes, sha256 },
    });
  }

  /** Frees the storage of an org's expired uploads; answers how many went and how many remain. */
  async expire(orgId: string): Promise<{ expired: number; remaining: number }> {
    const repo = new UploadSessionsRepository(this.db);
    let expired = 0;
    for (const session of await repo.findExpired(orgId, 100)) {
      await this.storage.abortPartial(stagedKey(orgId, session.id), stateOf(session));
      if (await repo.delete(session.id)) expired += 1;
    }
    return { expired, remaining: await repo.countForOrg(orgId) };
  }

  // Chunks hash fast but Node cannot save a hash's state between requests, so the finished file
  // is read once more (bench/ingest/resumable-upload.mjs measures what that costs).
  async #sha256Of(key: string): Promise<string> {
    const hash = createHash('sha256');
    for await (const chunk of await this.storage.read(key)) hash.update(chunk as Buffer);
    return hash.digest('hex');
  }

  /** The caller's own upload in a project they may still write to; 404 otherwise, 410 once expired. */
  async #sessionFor(
    principal: Principal,
    id: string,
    options: { expiredToo?: boolean } = {},
  ): Promise<UploadSessionRow> {
    const session = await new UploadSessionsRepository(this.db).find(id);
    const notFound = `Upload ${id} not found.`;
    if (!session) throw new NotFoundError(notFound);
    await this.projects.authorizeProjectResource(
      principal,
      session.projectId,
      'dataset.write',
      notFound,
    );
    // An upload is its creator's: another editor of the project cannot see or finish it.
    if (session.createdBy !== accountableUser(principal)) throw new NotFoundError(notFound);
    if (!options.expiredToo && session.expiresAt.getTime() <= Date.now()) {
      throw new UploadExpiredError(
        `Upload ${id} expired at ${session.expiresAt.toISOString()}; start a new upload.`,
      );
    }
    return session;
  }

  async #hold(session: UploadSessionRow): Promise<UploadSessionRow> {
    const held = await new UploadSessionsRepository(this.db).claim(session.id, holdUntil());
    if (!held) {
      throw new ConflictError(
        `Upload ${session.id} is busy with another request; retry once it ends (HEAD tells the offset).`,
      );
    }
    return held;
  }
}

/** Where a resumable upload's file lands: the same place a multipart upload stages its file. */
function stagedKey(orgId: string, sessionId: string): string {
  return `orgs/${orgId}/uploads/${sessionId}`;
}

function stateOf(session: UploadSessionRow): PartialBlobState {
  return session.storageState as PartialBlobState;
}

function pastDeclaredLength(lengthBytes: number): PayloadTooLargeError {
  return PayloadTooLargeError.field(
    'body',
    `goes past the declared Upload-Length of ${lengthBytes} bytes; send only the bytes that remain`,
  );
}

function holdUntil(): Date {
  return new Date(Date.now() + HOLD_MS);
}

function assertOffset(session: UploadSessionRow, offset: number): void {
  if (offset !== session.receivedBytes) {
    throw new ConflictError(
      `Upload-Offset: ${offset} is not where the upload stands (${session.receivedBytes} bytes received); HEAD it and resume from there.`,
      {
        errors: [{ field: 'Upload-Offset', message: `must be ${session.receivedBytes}` }],
        headers: { 'upload-offset': String(session.receivedBytes) },
      },
    );
  }
}

/** Passes the body on, failing with 413 before the first byte past the declared length. */
async function* refusingPast(
  body: AsyncIterable<Uint8Array>,
  remainingBytes: number,
  lengthBytes: number,
): AsyncGenerator<Uint8Array> {
  let left = remainingBytes;
  for await (const chunk of body) {
    if (chunk.byteLength > left) throw pastDeclaredLength(lengthBytes);
    left -= chunk.byteLength;
    yield chunk;
  }
}
