import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  AttestationStatement,
  Dataset,
  DatasetParams,
  DatasetPreview,
  DatasetProfile,
  DatasetVersion,
  DatasetVersionParams,
  Job,
  JobParams,
  LicenseOption,
  ListDatasetsQuery,
  PageQuery,
  PreviewQuery,
  ProjectParams,
  UploadAccepted,
  pageOf,
} from '@aistudio/contracts';
import { z } from 'zod';
import { actorOf } from '../../http/authenticate.js';
import { ATTESTATION_TEXT_VERSION, attestationText } from '../governance/attestation.js';
import { LICENSES } from '../governance/licenses.js';
import type { DatasetsService } from './datasets.service.js';

const tags = ['datasets'];

const UPLOAD_FIELDS =
  'multipart/form-data with parts `file` (the data: CSV, TSV, JSON, JSONL, Parquet), `license` ' +
  '(an SPDX identifier from GET /api/v1/licenses, `user-owned` or `other`) and `attestation` ' +
  '(the version of the statement from GET /api/v1/attestation the uploader accepted)';

export function datasetsRoutes(app: FastifyInstance, datasets: DatasetsService) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/v1/projects/:projectId/datasets',
    {
      schema: {
        tags,
        summary: 'Upload a new dataset',
        description: `${UPLOAD_FIELDS}, plus \`name\` (default: the file name) and \`description\`. The file streams to storage while it is hashed; ingest runs as a job.`,
        consumes: ['multipart/form-data'],
        params: ProjectParams,
        response: { 202: UploadAccepted },
      },
    },
    async (request, reply) =>
      reply.status(202).send(
        await closingOnError(reply, () =>
          datasets.upload(actorOf(request), request, {
            kind: 'new',
            projectId: request.params.projectId,
          }),
        ),
      ),
  );
  r.post(
    '/api/v1/datasets/:datasetId/versions',
    {
      schema: {
        tags,
        summary: 'Upload a new version of a dataset',
        description: `${UPLOAD_FIELDS}.`,
        consumes: ['multipart/form-data'],
        params: DatasetParams,
        response: { 202: UploadAccepted },
      },
    },
    async (request, reply) =>
      reply.status(202).send(
        await closingOnError(reply, () =>
          datasets.upload(actorOf(request), request, {
            kind: 'version',
            datasetId: request.params.datasetId,
          }),
        ),
      ),
  );
  r.get(
    '/api/v1/projects/:projectId/datasets',
    {
      schema: {
        tags,
        summary: "A project's datasets, newest first",
        params: ProjectParams,
        querystring: ListDatasetsQuery,
        response: { 200: pageOf(Dataset) },
      },
    },
    (request) => datasets.list(actorOf(request).principal, request.params.projectId, request.query),
  );
  r.get(
    '/api/v1/datasets/:datasetId',
    { schema: { tags, summary: 'One dataset', params: DatasetParams, response: { 200: Dataset } } },
    (request) => datasets.get(actorOf(request).principal, request.params.datasetId),
  );
  r.delete(
    '/api/v1/datasets/:datasetId',
    {
      schema: {
        tags,
        summary: 'Delete a dataset (soft: hidden at once, storage freed by the purge)',
        params: DatasetParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await datasets.delete(actorOf(request), request.params.datasetId);
      return reply.status(204).send(null);
    },
  );
  r.get(
    '/api/v1/datasets/:datasetId/versions',
    {
      schema: {
        tags,
        summary: "A dataset's versions, newest first",
        params: DatasetParams,
        querystring: PageQuery,
        response: { 200: pageOf(DatasetVersion) },
      },
    },
    (request) =>
      datasets.versions(actorOf(request).principal, request.params.datasetId, request.query),
  );
  r.get(
    '/api/v1/dataset-versions/:versionId',
    {
      schema: {
        tags,
        summary: 'One dataset version: status, schema, governance report',
        params: DatasetVersionParams,
        response: { 200: DatasetVersion },
      },
    },
    (request) => datasets.getVersion(actorOf(request).principal, request.params.versionId),
  );
  r.get(
    '/api/v1/dataset-versions/:versionId/preview',
    {
      schema: {
        tags,
        summary: 'A window of the rows, in file order',
        params: DatasetVersionParams,
        querystring: PreviewQuery,
        response: { 200: DatasetPreview },
      },
    },
    (request) =>
      datasets.preview(actorOf(request).principal, request.params.versionId, request.query),
  );
  r.get(
    '/api/v1/dataset-versions/:versionId/profile',
    {
      schema: {
        tags,
        summary: 'Per-column statistics, correlations, alerts and the quality score',
        params: DatasetVersionParams,
        response: { 200: DatasetProfile },
      },
    },
    (request) => datasets.profile(actorOf(request).principal, request.params.versionId),
  );
  r.get(
    '/api/v1/dataset-versions/:versionId/download',
    {
      schema: {
        tags,
        summary: 'The data as Parquet, or as CSV made safe for spreadsheets',
        params: DatasetVersionParams,
        querystring: z.strictObject({ format: z.enum(['csv', 'parquet']).default('csv') }),
      },
    },
    async (request, reply) => {
      const { fileName, stream } = await datasets.download(
        actorOf(request).principal,
        request.params.versionId,
        request.query.format,
      );
      return reply
        .header(
          'content-type',
          request.query.format === 'csv'
            ? 'text/csv; charset=utf-8'
            : 'application/vnd.apache.parquet',
        )
        .header('content-disposition', `attachment; filename="${fileName}"`)
        .send(stream);
    },
  );
  r.get(
    '/api/v1/jobs/:jobId',
    {
      schema: {
        tags: ['jobs'],
        summary: 'One background job',
        params: JobParams,
        response: { 200: Job },
      },
    },
    (request) => datasets.job(actorOf(request).principal, request.params.jobId),
  );
  r.get(
    '/api/v1/licenses',
    {
      schema: {
        tags,
        summary: 'Licences an upload may declare, with what each allows',
        response: { 200: z.object({ items: z.array(LicenseOption) }) },
      },
    },
    () => ({
      items: LICENSES.map(({ id, name, tier, reason }) => ({ id, name, tier, reason })),
    }),
  );
  r.get(
    '/api/v1/attestation',
    {
      schema: {
        tags,
        summary: 'The statement an uploader accepts',
        response: { 200: AttestationStatement },
      },
    },
    () => ({ version: ATTESTATION_TEXT_VERSION, text: attestationText() }),
  );
}

/**
 * An upload refused early (too large, denied, bad licence) leaves the rest of its body unread.
 * Browsers do not wait for 100-continue: they keep sending and never read the answer on a
 * kept-alive connection, so the error closes it.
 */
export async function closingOnError<T>(reply: FastifyReply, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    void reply.header('connection', 'close');
    throw error;
  }
}
