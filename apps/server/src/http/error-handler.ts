import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { isDataException } from '@aistudio/db';
import { AppError, type FieldError } from './errors.js';

interface ProblemInit {
  status: number;
  code: string;
  title: string;
  detail: string;
  errors?: FieldError[];
}

function sendProblem(request: FastifyRequest, reply: FastifyReply, problem: ProblemInit) {
  return reply
    .status(problem.status)
    .type('application/problem+json')
    .send({
      type: `https://aistudio.dev/problems/${problem.code.replaceAll('_', '-')}`,
      title: problem.title,
      status: problem.status,
      detail: problem.detail,
      code: problem.code,
      requestId: request.id,
      ...(problem.errors ? { errors: problem.errors } : {}),
    });
}

/** Fastify's own client errors (bad JSON, wrong media type, body too large…), by code. */
const fastifyClientErrors: Record<string, { code: string; title: string; detail?: string }> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: 'unsupported_media_type',
    title: 'Unsupported media type',
    detail: 'Send the body as application/json.',
  },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'body_too_large', title: 'Request body too large' },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    code: 'empty_body',
    title: 'Empty JSON body',
    detail: 'The content-type is application/json but the body is empty; send a JSON object.',
  },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'malformed_json', title: 'Malformed JSON' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    code: 'bad_content_length',
    title: 'Invalid content-length',
  },
};

/** The one place errors become HTTP: AppErrors by class, validation by field, the rest as 500. */
export function registerErrorHandler(
  app: FastifyInstance,
  pageFallback: ((request: FastifyRequest, reply: FastifyReply) => boolean) | null = null,
) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      request.log.warn({ code: error.code }, error.message);
      if (error.headers) void reply.headers(error.headers);
      return sendProblem(request, reply, {
        status: error.status,
        code: error.code,
        title: error.title,
        detail: error.message,
        errors: error.errors,
      });
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const errors = error.validation.flatMap((issue) => {
        const field = [
          error.validationContext,
          ...issue.instancePath.split('/').filter(Boolean),
        ].join('.');
        // zod reports all unknown keys of an object in one issue; name each as its own field.
        const unknownKeys =
          issue.keyword === 'unrecognized_keys'
            ? (issue.params as { keys?: string[] }).keys
            : undefined;
        return unknownKeys?.length
          ? unknownKeys.map((key) => ({
              field: `${field}.${key}`,
              message: 'is not a known field; remove it',
            }))
          : [{ field, message: issue.message ?? 'is invalid' }];
      });
      request.log.warn({ errors }, 'validation failed');
      return sendProblem(request, reply, {
        status: 400,
        code: 'validation_failed',
        title: 'Invalid request',
        detail: errors.map((e) => `${e.field}: ${e.message}`).join('; '),
        errors,
      });
    }
    const known = error.code ? fastifyClientErrors[error.code] : undefined;
    const clientStatus =
      error.statusCode && error.statusCode >= 400 && error.statusCode < 500
        ? error.statusCode
        : null;
    if (known || clientStatus) {
      request.log.warn({ code: error.code }, error.message);
      const status = clientStatus ?? 400;
      const title = known?.title ?? STATUS_CODES[status] ?? 'Bad request';
      return sendProblem(request, reply, {
        status,
        code: known?.code ?? title.toLowerCase().replace(/\W+/g, '_'),
        title,
        detail: known?.detail ?? error.message,
      });
    }
    // Input the schemas let through but the database cannot store (year 0, a NUL byte): the
    // client's value is at fault, so answer 400 rather than 500.
    if (isDataException(error)) {
      request.log.warn({ err: error }, 'database refused a value');
      return sendProblem(request, reply, {
        status: 400,
        code: 'invalid_value',
        title: 'Invalid value',
        detail:
          'A value in the request cannot be stored; check dates and text for unusual characters.',
      });
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(request, reply, {
      status: 500,
      code: 'internal_error',
      title: 'Internal server error',
      detail: `Something went wrong on our side; quote request id ${request.id} when reporting it.`,
    });
  });

  app.setNotFoundHandler((request, reply) => {
    if (pageFallback?.(request, reply)) return reply;
    return sendProblem(request, reply, {
      status: 404,
      code: 'route_not_found',
      title: 'Not found',
      detail: `No route ${request.method} ${request.url.split('?')[0]}; see /api/docs for the API.`,
    });
  });
}
