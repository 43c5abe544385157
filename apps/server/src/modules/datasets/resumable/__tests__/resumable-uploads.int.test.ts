import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import path from 'node:path';
import { schema } from '@aistudio/db';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { postMultipart, type FileParts } from '../../../../__tests__/support/multipart.js';
import {
  createTeam,
  createTestApp,
  registerUser,
  setupOwner,
  type Caller,
  type SignedIn,
  type TestApp,
} from '../../../../__tests__/support/test-app.js';
import { LocalBlobStorage } from '../../../../infra/storage/local-blob-storage.js';
import {
  startS3rver,
  type RunningS3Server,
} from '../../../../infra/storage/__tests__/support/s3-test-servers.js';

const MAX_UPLOAD_BYTES = 2 * 1024 * 1024;
const b64 = (text: string) => Buffer.from(text).toString('base64');
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** A CSV of `rows` rows; `seed` makes different files of the same size. */
function csv(rows: number, seed = 0): Buffer {
  const lines = ['id,value,label'];
  for (let i = 0; i < rows; i += 1) lines.push(`${i},${(i * 7 + seed) % 1000},l${i % 13}`);
  return Buffer.from(`${lines.join('\n')}\n`);
}

function authHeaders(as: Caller | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  if (as?.cookie) headers.cookie = `aistudio_session=${as.cookie}`;
  if (as?.csrf) headers['x-csrf-token'] = as.csrf;
  if (as?.apiKey) headers.authorization = `Bearer ${as.apiKey}`;
  return headers;
}

/** The tus calls, through the real app. */
function tusClient(t: () => TestApp) {
  const send = async (
    method: 'OPTIONS' | 'POST' | 'HEAD' | 'PATCH' | 'DELETE',
    url: string,
    as: Caller | undefined,
    headers: Record<string, string> = {},
    payload?: Buffer,
  ) => {
    const response = await t().app.inject({
      method,
      url,
      headers: { 'tus-resumable': '1.0.0', ...authHeaders(as), ...headers },
      ...(payload ? { payload } : {}),
    });
    const text = response.body;
    return {
      status: response.statusCode,
      headers: response.headers,
      body:
        text && String(response.headers['content-type']).includes('json') ? JSON.parse(text) : null,
    };
  };
  return {
    send,
    create: (as: Caller, length: number, metadata: Record<string, string>) =>
      send('POST', '/api/v1/uploads', as, {
        'upload-length': String(length),
        'upload-metadata': Object.entries(metadata)
          .map(([k, v]) => `${k} ${b64(v)}`)
          .join(','),
      }),
    head: (as: Caller, id: string) => send('HEAD', `/api/v1/uploads/${id}`, as),
    patch: (as: Caller, id: string, offset: number, bytes: Buffer) =>
      send(
        'PATCH',
        `/api/v1/uploads/${id}`,
        as,
        { 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream' },
        bytes,
      ),
    finish: (as: Caller, id: string, fields: Record<string, string>, files: FileParts = {}) =>
      postMultipart(t(), `/api/v1/uploads/${id}/finish`, as, fields, files),
  };
}

/** Uploads `bytes` in `chunks` PATCHes and finishes; answers the finish reply. */
async function uploadResumably(
  tus: ReturnType<typeof tusClient>,
  as: Caller,
  target: Record<string, string>,
  bytes: Buffer,
  fields: Record<string, string>,
  chunks = 3,
) {
  const created = await tus.create(as, bytes.length, { ...target, filename: 'rows.csv' });
  expect(created.status).toBe(201);
  const id = created.body.id as string;
  const size = Math.ceil(bytes.length / chunks);
  for (let offset = 0; offset < bytes.length; offset += size) {
    const sent = await tus.patch(as, id, offset, bytes.subarray(offset, offset + size));
    expect(sent.status).toBe(204);
    expect(Number(sent.headers['upload-offset'])).toBe(Math.min(bytes.length, offset + size));
  }
  return { id, finished: await tus.finish(as, id, fields) };
}

describe('resumable uploads (tus) on local storage', () => {
  let t: TestApp;
  let owner: SignedIn;
  let viewer: SignedIn;
  let editor: SignedIn;
  let outsider: SignedIn;
  let orgId: string;
  let projectId: string;
  let otherProjectId: string;
  const tus = tusClient(() => t);
  const licensed = { license: 'CC0-1.0', attestation: '1' };

  /** The local adapter's partial files: what unfinished uploads hold on disk. */
  const partialFiles = () => readdirSync(path.join(t.dataDir, 'blobs', '.partial'));

  beforeAll(async () => {
    t = await createTestApp({ MAX_UPLOAD_BYTES: String(MAX_UPLOAD_BYTES) });
    owner = await setupOwner(t);
    viewer = await registerUser(t, 'Vera Viewer');
    editor = await registerUser(t, 'Ed Editor');
    outsider = await registerUser(t, 'Otto Outsider');
    orgId = await createTeam(t, owner, [
      { user: viewer, role: 'viewer' },
      { user: editor, role: 'member' },
    ]);
    const project = await t.call('POST', `/api/v1/orgs/${orgId}/projects`, {
      as: owner,
      body: { name: 'Resumable' },
    });
    projectId = project.body.id;
    for (const [user, role] of [
      [viewer, 'viewer'],
      [editor, 'editor'],
    ] as const) {
      await t.call('POST', `/api/v1/projects/${projectId}/members`, {
        as: owner,
        body: { userId: user.userId, role },
      });
    }
    const outsiderOrg = await createTeam(t, outsider, []);
    const other = await t.call('POST', `/api/v1/orgs/${outsiderOrg}/projects`, {
      as: outsider,
      body: { name: 'Elsewhere' },
    });
    otherProjectId = other.body.id;
  }, 120_000);
  afterAll(() => t.close());

  it('tells what it supports with OPTIONS, without credentials', async () => {
    const reply = await tus.send('OPTIONS', '/api/v1/uploads', undefined);
    expect(reply.status).toBe(204);
    expect(reply.headers['tus-version']).toBe('1.0.0');
    expect(String(reply.headers['tus-extension']).split(',')).toEqual(
      expect.arrayContaining(['creation', 'termination', 'expiration']),
    );
    expect(Number(reply.headers['tus-max-size'])).toBe(MAX_UPLOAD_BYTES);
  });

  it('takes a file in chunks and finishes it into the same version a single request makes', async () => {
    const bytes = csv(20_000, 1);
    const created = await tus.create(owner, bytes.length, { projectId, filename: 'rows.csv' });
    expect(created.status).toBe(201);
    expect(created.headers.location).toBe(`/api/v1/uploads/${created.body.id}`);
    expect(created.headers['upload-offset']).toBe('0');
    expect(Date.parse(String(created.headers['upload-expires']))).toBeGreaterThan(Date.now());
    const id = created.body.id as string;

    const half = Math.floor(bytes.length / 2);
    expect((await tus.patch(owner, id, 0, bytes.subarray(0, half))).status).toBe(204);
    const head = await tus.head(owner, id);
    expect(head.status).toBe(200);
    expect(head.headers['upload-offset']).toBe(String(half));
    expect(head.headers['upload-length']).toBe(String(bytes.length));
    expect(head.headers['cache-control']).toBe('no-store');
    expect((await tus.patch(owner, id, half, bytes.subarray(half))).status).toBe(204);

    // Nothing partial is a dataset: the project lists none until the upload is finished.
    const before = await t.call('GET', `/api/v1/projects/${projectId}/datasets`, { as: owner });
    expect(before.body.items.map((d: { name: string }) => d.name)).not.toContain('chunked');

    const finished = await tus.finish(owner, id, { name: 'chunked', ...licensed });
    expect(finished.status).toBe(202);
    expect(finished.body.version).toMatchObject({
      number: 1,
      status: 'processing',
      fileName: 'rows.csv',
      sizeBytes: bytes.length,
      sha256: sha256(bytes),
      license: 'CC0-1.0',
    });
    expect(finished.body.duplicateOf).toBeNull();
    await t.jobs.idle();
    const ready = await t.call('GET', `/api/v1/dataset-versions/${finished.body.version.id}`, {
      as: owner,
    });
    expect(ready.body).toMatchObject({ status: 'ready', rowCount: 20_000, columnCount: 3 });
    expect((await tus.head(owner, id)).status).toBe(404);

    // The same bytes in one request are recognised as the same file.
    const single = await postMultipart(
      t,
      `/api/v1/projects/${projectId}/datasets`,
      owner,
      { name: 'single', ...licensed },
      { file: { fileName: 'rows.csv', content: bytes } },
    );
    expect(single.status).toBe(202);
    expect(single.body.version.sha256).toBe(finished.body.version.sha256);
    expect(single.body.duplicateOf).toEqual({
      datasetId: finished.body.dataset.id,
      versionId: finished.body.version.id,
    });
  });

  it('adds a new version when the upload names a dataset, with licence metadata files', async () => {
    const first = await uploadResumably(tus, owner, { projectId }, csv(50, 2), {
      name: 'versioned',
      ...licensed,
    });
    const datasetId = first.finished.body.dataset.id as string;
    const bytes = csv(80, 3);
    const created = await tus.create(owner, bytes.length, { datasetId, filename: 'v2.csv' });
    const id = created.body.id as string;
    await tus.patch(owner, id, 0, bytes);
    const finished = await tus.finish(
      owner,
      id,
      { attestation: '1' },
      {
        metadata: {
          fileName: 'datapackage.json',
          content: JSON.stringify({ name: 'rows', licenses: [{ name: 'CC-BY-4.0' }] }),
        },
      },
    );
    expect(finished.status).toBe(202);
    expect(finished.body.version).toMatchObject({
      number: 2,
      fileName: 'v2.csv',
      license: 'CC-BY-4.0',
    });
  });

  it('answers 409 with the offset it has when a PATCH starts elsewhere', async () => {
    const bytes = csv(100, 4);
    const { body } = await tus.create(owner, bytes.length, { projectId, filename: 'a.csv' });
    await tus.patch(owner, body.id, 0, bytes.subarray(0, 100));
    const wrong = await tus.patch(owner, body.id, 50, bytes.subarray(50));
    expect(wrong.status).toBe(409);
    expect(wrong.headers['upload-offset']).toBe('100');
    expect(wrong.body.errors).toEqual([{ field: 'Upload-Offset', message: 'must be 100' }]);
    expect((await tus.head(owner, body.id)).headers['upload-offset']).toBe('100');
  });

  it('refuses a declared length over the limit with 413 before any byte is sent', async () => {
    const reply = await tus.create(owner, MAX_UPLOAD_BYTES + 1, { projectId, filename: 'big.csv' });
    expect(reply.status).toBe(413);
    expect(reply.body.code).toBe('payload_too_large');
  });

  it('refuses bytes past the declared length with 413 and keeps the offset', async () => {
    const { body } = await tus.create(owner, 10, { projectId, filename: 'short.csv' });
    const reply = await tus.patch(owner, body.id, 0, Buffer.from('a,b\n1,2\n3,4\n'));
    expect(reply.status).toBe(413);
    expect(reply.body.errors[0].field).toBe('body');
    expect((await tus.head(owner, body.id)).headers['upload-offset']).toBe('0');
  });

  it('answers the protocol errors: 412 without Tus-Resumable, 415 for another body type, 400 for bad headers, 409 when finished early', async () => {
    const noVersion = await t.app.inject({
      method: 'POST',
      url: '/api/v1/uploads',
      headers: { ...authHeaders(owner), 'upload-length': '10' },
    });
    expect(noVersion.statusCode).toBe(412);
    expect(noVersion.headers['tus-version']).toBe('1.0.0');
    expect((await tus.create(owner, 10, { filename: 'x.csv' })).status).toBe(400);
    const noLength = await tus.send('POST', '/api/v1/uploads', owner, {
      'upload-metadata': `projectId ${b64(projectId)}`,
    });
    expect(noLength.status).toBe(400);
    expect(noLength.body.errors[0].field).toBe('Upload-Length');

    const { body } = await tus.create(owner, 10, { projectId, filename: 'x.csv' });
    const json = await tus.send(
      'PATCH',
      `/api/v1/uploads/${body.id}`,
      owner,
      { 'upload-offset': '0', 'content-type': 'application/json' },
      Buffer.from('{"a":1}'),
    );
    expect(json.status).toBe(415);
    const early = await tus.finish(owner, body.id, licensed);
    expect(early.status).toBe(409);
    expect(early.headers['upload-offset']).toBe('0');
  });

  it('keeps the upload when the finishing form cannot be read, and deletes a refused one', async () => {
    const bytes = csv(30, 5);
    const { body } = await tus.create(owner, bytes.length, { projectId, filename: 'r.csv' });
    await tus.patch(owner, body.id, 0, bytes);
    const notAForm = await tus.send(
      'POST',
      `/api/v1/uploads/${body.id}/finish`,
      owner,
      {
        'content-type': 'application/json',
      },
      Buffer.from('{}'),
    );
    expect(notAForm.status).toBe(400);
    expect((await tus.head(owner, body.id)).status).toBe(200);
    const refused = await tus.finish(owner, body.id, { attestation: '1' });
    expect(refused.status).toBe(422);
    expect(refused.body.errors[0].field).toBe('license');
    expect((await tus.head(owner, body.id)).status).toBe(404);
    expect(partialFiles()).not.toContain(body.id);
  });

  it('frees the staged file when finishing cannot read it back to hash it (injected read fault)', async () => {
    const bytes = csv(20, 9);
    const { body } = await tus.create(owner, bytes.length, { projectId, filename: 'h.csv' });
    await tus.patch(owner, body.id, 0, bytes);
    const staged = `orgs/${orgId}/uploads/${body.id}`;
    const read = LocalBlobStorage.prototype.read;
    const faulty = vi.spyOn(LocalBlobStorage.prototype, 'read').mockImplementation(function (
      this: LocalBlobStorage,
      key,
      range,
    ) {
      if (key === staged) return Promise.reject(new Error('disk read failed'));
      return read.call(this, key, range);
    });
    let finished: Awaited<ReturnType<typeof tus.finish>>;
    try {
      finished = await tus.finish(owner, body.id, { name: 'unreadable', ...licensed });
    } finally {
      faulty.mockRestore();
    }
    expect(finished.status).toBe(500);
    expect(existsSync(path.join(t.dataDir, 'blobs', ...staged.split('/')))).toBe(false);
    expect((await tus.head(owner, body.id)).status).toBe(404);
  });

  it('lets only editors of the project start uploads, and only their creator see one', async () => {
    const meta = { projectId, filename: 'x.csv' };
    expect((await tus.create(viewer, 10, meta)).status).toBe(403);
    expect((await tus.create(outsider, 10, meta)).status).toBe(404);
    expect((await tus.create(owner, 10, { projectId: otherProjectId, filename: 'x' })).status).toBe(
      404,
    );
    expect(
      (await tus.send('POST', '/api/v1/uploads', undefined, { 'upload-length': '10' })).status,
    ).toBe(401);
    const { body } = await tus.create(owner, 10, meta);
    expect((await tus.head(outsider, body.id)).status).toBe(404);
    expect((await tus.head(viewer, body.id)).status).toBe(403);
    expect((await tus.head(editor, body.id)).status).toBe(404);
    expect((await tus.patch(editor, body.id, 0, Buffer.from('x'))).status).toBe(404);
    expect((await tus.send('DELETE', `/api/v1/uploads/${body.id}`, outsider)).status).toBe(404);
    expect((await tus.head(owner, body.id)).status).toBe(200);
  });

  it('frees the bytes when the upload is terminated, and audits its start and end', async () => {
    const before = partialFiles().length;
    const { body } = await tus.create(owner, 100, { projectId, filename: 'gone.csv' });
    await tus.patch(owner, body.id, 0, Buffer.alloc(40, 97));
    expect(partialFiles().length).toBe(before + 1);
    expect((await tus.send('DELETE', `/api/v1/uploads/${body.id}`, owner)).status).toBe(204);
    expect(partialFiles().length).toBe(before);
    expect((await tus.head(owner, body.id)).status).toBe(404);
    const events = await t.database.db
      .select()
      .from(schema.auditEvents)
      .where(eq(schema.auditEvents.targetId, body.id));
    expect(events.map((e) => [e.action, e.summary]).sort()).toEqual([
      ['upload.create', 'Started a resumable upload of "gone.csv" (100 bytes)'],
      ['upload.terminate', 'Cancelled the resumable upload of "gone.csv" at 40 of 100 bytes'],
    ]);
  });

  it('keeps the bytes that arrived before a connection dropped, and resumes from HEAD', async () => {
    const bytes = csv(40_000, 6);
    const { body } = await tus.create(owner, bytes.length, { projectId, filename: 'drop.csv' });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as { port: number };
    const sentBeforeDrop = 300_000;
    await new Promise<void>((resolve) => {
      const request = httpRequest({
        host: '127.0.0.1',
        port,
        method: 'PATCH',
        path: `/api/v1/uploads/${body.id}`,
        headers: {
          ...authHeaders(owner),
          'tus-resumable': '1.0.0',
          'upload-offset': '0',
          'content-type': 'application/offset+octet-stream',
          'content-length': String(bytes.length),
        },
      });
      request.on('error', () => resolve());
      request.write(bytes.subarray(0, sentBeforeDrop), () => {
        setTimeout(() => {
          request.destroy();
          resolve();
        }, 300);
      });
    });
    // The server records what it stored once it sees the connection go.
    let offset = 0;
    for (let attempt = 0; attempt < 50; attempt += 1) {
      const head = await tus.head(owner, body.id);
      offset = Number(head.headers['upload-offset']);
      const resumed =
        offset > 0 ? await tus.patch(owner, body.id, offset, bytes.subarray(offset)) : null;
      if (resumed?.status === 204) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(offset).toBeGreaterThan(0);
    expect(offset).toBeLessThanOrEqual(sentBeforeDrop);
    const finished = await tus.finish(owner, body.id, { name: 'dropped', ...licensed });
    expect(finished.status).toBe(202);
    expect(finished.body.version.sha256).toBe(sha256(bytes));
  });

  it('answers 410 once expired, and the expiry job frees the storage and ends its schedule', async () => {
    const { body } = await tus.create(owner, 100, { projectId, filename: 'old.csv' });
    await tus.patch(owner, body.id, 0, Buffer.alloc(10, 97));
    const db = t.database.db;
    await db.execute(sql`update upload_sessions set expires_at = now() - interval '1 second'`);
    expect((await tus.head(owner, body.id)).status).toBe(410);
    expect((await tus.patch(owner, body.id, 10, Buffer.alloc(10, 97))).status).toBe(410);
    await db.execute(
      sql`update schedules set next_run_at = now() where key = ${`uploads:expire:${orgId}`}`,
    );
    for (let attempt = 0; attempt < 100; attempt += 1) {
      await t.jobs.idle();
      if ((await db.select().from(schema.uploadSessions)).length === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect((await tus.head(owner, body.id)).status).toBe(404);
    expect(partialFiles()).toEqual([]);
    const schedule = await db
      .select()
      .from(schema.schedules)
      .where(eq(schema.schedules.key, `uploads:expire:${orgId}`));
    expect(schedule).toEqual([]);
  });
});

describe('resumable uploads (tus) on S3 storage (s3rver)', () => {
  let server: RunningS3Server;
  let t: TestApp;
  let owner: SignedIn;
  let projectId: string;
  const tus = tusClient(() => t);

  beforeAll(async () => {
    server = await startS3rver();
    const s3 = server.settings;
    t = await createTestApp({
      MAX_UPLOAD_BYTES: String(64 * 1024 * 1024),
      S3_BUCKET: s3.bucket,
      S3_REGION: s3.region!,
      S3_ENDPOINT: s3.endpoint!,
      S3_ACCESS_KEY_ID: s3.accessKeyId!,
      S3_SECRET_ACCESS_KEY: s3.secretAccessKey!,
      S3_FORCE_PATH_STYLE: 'true',
    });
    owner = await setupOwner(t);
    const orgId = await createTeam(t, owner, []);
    const project = await t.call('POST', `/api/v1/orgs/${orgId}/projects`, {
      as: owner,
      body: { name: 'On S3' },
    });
    projectId = project.body.id;
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await server?.stop();
  });

  it('joins chunks across multipart parts into one object and ingests it', async () => {
    // Over one 8 MiB part, in chunks that do not line up with the parts.
    const bytes = csv(700_000, 7);
    expect(bytes.length).toBeGreaterThan(9 * 1024 * 1024);
    const { finished } = await uploadResumably(
      tus,
      owner,
      { projectId },
      bytes,
      { name: 'on-s3', license: 'CC0-1.0', attestation: '1' },
      4,
    );
    expect(finished.status).toBe(202);
    expect(finished.body.version).toMatchObject({ sizeBytes: bytes.length, sha256: sha256(bytes) });
    await t.jobs.idle();
    const ready = await t.call('GET', `/api/v1/dataset-versions/${finished.body.version.id}`, {
      as: owner,
    });
    expect(ready.body).toMatchObject({ status: 'ready', rowCount: 700_000 });
  }, 120_000);
});
