import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { DatasetVersionParams, DerivedVersionAccepted, MaskColumnsBody } from '@aistudio/contracts';
import { actorOf } from '../../http/authenticate.js';
import type { MaskingService } from './masking.service.js';

export function maskingRoutes(app: FastifyInstance, masking: MaskingService) {
  app.withTypeProvider<ZodTypeProvider>().post(
    '/api/v1/dataset-versions/:versionId/mask',
    {
      schema: {
        tags: ['datasets'],
        summary: 'Mask columns of a ready version into the next version of its dataset',
        description:
          '`redact` replaces every value with [REDACTED], `hash` with the HMAC-SHA256 under the org key ' +
          '(equal values stay equal), `partial` stars out the personal data found in each value. The new ' +
          "version's lineage names this version, the columns and methods, and the hash key's fingerprint.",
        params: DatasetVersionParams,
        body: MaskColumnsBody,
        response: { 202: DerivedVersionAccepted },
      },
    },
    async (request, reply) => {
      const accepted = await masking.maskColumns(
        actorOf(request),
        request.params.versionId,
        request.body,
      );
      return reply.code(202).send(accepted);
    },
  );
}
