import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { Id, UploadAccepted } from '@aistudio/contracts';
import { z } from 'zod';
import { actorOf } from '../../../http/authenticate.js';
import { closingOnError } from '../datasets.routes.js';
import type { UploadSessionRow } from './upload-sessions.repository.js';
import type { ResumableUploadsService } from './resumable-uploads.service.js';
import { TUS_CONTENT_TYPE, TUS_EXTENSIONS, TUS_VERSION } from './tus-protocol.js';

const tags = ['datasets'];
const UploadParams = z.strictObject({ uploadId: Id });
const UploadCreated = z.object({
  id: Id,
  offset: z.number().int(),
  length: z.number().int(),
  expiresAt: z.iso.datetime({ offset: true }),
});

const TUS =
  'tus 1.0 (https://tus.io/protocols/resumable-upload; extensions creation, termination, expiration): send `Tus-Resumable: 1.0.0` on every request but OPTIONS.';

export function resumableUploadsRoutes(app: FastifyInstance, uploads: ResumableUploadsService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  // The chunk streams to storage untouched; its length is checked against the upload's as it flows.
  app.addContentTypeParser(TUS_CONTENT_TYPE, (_request, payload, done) => done(null, payload));

  r.route({
    method: 'OPTIONS',
    url: '/api/v1/uploads',
    config: { auth: 'public' },
    schema: {
      tags,
      summary: 'What the resumable upload endpoint supports (tus discovery)',
      description: `${TUS} Answers Tus-Version, Tus-Extension and Tus-Max-Size (bytes).`,
      response: { 204: z.null() },
    },
    handler: async (_request, reply) =>
      tusReply(reply)
        .header('tus-version', TUS_VERSION)
        .header('tus-extension', TUS_EXTENSIONS)
        .header('tus-max-size', String(uploads.maxUploadBytes))
        .status(204)
        .send(null),
  });
  r.post(
    '/api/v1/uploads',
    {
      schema: {
        tags,
        summary: 'Start a resumable upload of a dataset file',
        description:
          `${TUS} Headers: \`Upload-Length\` (bytes; over the upload limit: 413 before any byte is sent) and ` +
          '`Upload-Metadata` with base64 values: `projectId` (a new dataset) or `datasetId` (a new version), and `filename`. ' +
          'Needs dataset write access to the project. Answers 201 with `Location`, `Upload-Offset: 0` and `Upload-Expires` ' +
          '(24 hours on; then the bytes are freed). PATCH the bytes, then POST .../finish.',
        response: { 201: UploadCreated },
      },
    },
    async (request, reply) => {
      const session = await uploads.create(actorOf(request), request.headers);
      return sessionHeaders(tusReply(reply), session)
        .header('location', `/api/v1/uploads/${session.id}`)
        .status(201)
        .send({
          id: session.id,
          offset: session.receivedBytes,
          length: session.lengthBytes,
          expiresAt: session.expiresAt.toISOString(),
        });
    },
  );
  r.route({
    method: 'HEAD',
    url: '/api/v1/uploads/:uploadId',
    schema: {
      tags,
      summary: 'Where a resumable upload stands',
      description: `${TUS} Answers \`Upload-Offset\` (bytes received), \`Upload-Length\` and \`Upload-Expires\`; 410 once expired.`,
      params: UploadParams,
    },
    handler: async (request, reply) => {
      const session = await uploads.find(actorOf(request).principal, request.params.uploadId);
      return sessionHeaders(tusReply(reply), session)
        .header('cache-control', 'no-store')
        .status(200)
        .send();
    },
  });
  r.patch(
    '/api/v1/uploads/:uploadId',
    {
      schema: {
        tags,
        summary: 'Send the next bytes of a resumable upload',
        description:
          `${TUS} Body: the bytes, as \`Content-Type: ${TUS_CONTENT_TYPE}\`, from \`Upload-Offset\` (must equal the bytes received, else 409). ` +
          'Bytes past the declared length: 413. Bytes that arrive before a connection drops are kept: HEAD, then resume. Answers 204 with the new `Upload-Offset`.',
        params: UploadParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const offset = await closingOnError(reply, () =>
        uploads.append(
          actorOf(request).principal,
          request.params.uploadId,
          request.headers,
          request.body as AsyncIterable<Uint8Array>,
        ),
      );
      return tusReply(reply).header('upload-offset', String(offset)).status(204).send(null);
    },
  );
  r.delete(
    '/api/v1/uploads/:uploadId',
    {
      schema: {
        tags,
        summary: 'Abandon a resumable upload and free its bytes',
        description: TUS,
        params: UploadParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await uploads.terminate(actorOf(request), request.params.uploadId);
      return tusReply(reply).status(204).send(null);
    },
  );
  r.post(
    '/api/v1/uploads/:uploadId/finish',
    {
      schema: {
        tags,
        summary: 'Turn a complete resumable upload into a dataset or a new version',
        description:
          'multipart/form-data with the fields of a single-request upload but no `file` part: `license`, `attestation`, ' +
          '`name` and `description` (new dataset only), and up to five `metadata` files (datapackage.json, dataset card, LICENSE). ' +
          'Same checks, dedupe, governance and ingest as POST /api/v1/projects/{projectId}/datasets; the upload is used up ' +
          '(a refused one is deleted). 409 while bytes are missing.',
        consumes: ['multipart/form-data'],
        params: UploadParams,
        response: { 202: UploadAccepted },
      },
    },
    async (request, reply) =>
      reply
        .status(202)
        .send(await uploads.finish(actorOf(request), request.params.uploadId, request)),
  );
}

function tusReply(reply: FastifyReply): FastifyReply {
  return reply.header('tus-resumable', TUS_VERSION);
}

function sessionHeaders(reply: FastifyReply, session: UploadSessionRow): FastifyReply {
  return reply
    .header('upload-offset', String(session.receivedBytes))
    .header('upload-length', String(session.lengthBytes))
    .header('upload-expires', session.expiresAt.toUTCString());
}
