import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from '../errors.js';
import { describeError, fieldOf } from './validation.js';

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict',
  412: 'Precondition Failed', 413: 'Payload Too Large', 429: 'Too Many Requests', 415: 'Unsupported Media Type', 428: 'Precondition Required',
  500: 'Internal Server Error',
};

export interface Failure { statusCode: number; code: string; message: string; field?: string | undefined }

/**
 * What went wrong, as the API tells it: a status, a stable code, a message that says what to fix and
 * the field when one is at fault. Unexpected errors are logged here and told only as 500.
 */
export function failureOf(error: FastifyError, request: FastifyRequest, app: FastifyInstance): Failure {
  if (error instanceof ApiError) return { statusCode: error.statusCode, code: error.code, message: error.message, field: error.field };
  if (error.validation && error.validation.length > 0) {
    const first = error.validation[0]!;
    const field = fieldOf(first as never);
    const part = error.validationContext ?? 'body';
    return { statusCode: 400, code: part === 'body' ? 'INVALID_FIELD' : 'INVALID_PARAMETER', message: `${part === 'body' ? '' : `${part} `}${field}: ${describeError(first as never)}`, field };
  }
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE': return { statusCode: 413, code: 'BODY_TOO_LARGE', message: `the body is larger than ${request.routeOptions.bodyLimit ?? app.initialConfig.bodyLimit} bytes` };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE': return { statusCode: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: 'send the body as application/json' };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY': return { statusCode: 400, code: 'EMPTY_BODY', message: 'the body is empty; send a JSON object' };
    case 'FST_ERR_CTP_INVALID_JSON_BODY': return { statusCode: 400, code: 'MALFORMED_JSON', message: `the body is not valid JSON: ${error.message}` };
  }
  if (error instanceof SyntaxError || error.statusCode === 400) return { statusCode: 400, code: 'MALFORMED_JSON', message: `the body is not valid JSON: ${error.message}` };
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) return { statusCode: error.statusCode, code: error.code ?? 'BAD_REQUEST', message: error.message };
  request.log.error({ err: error }, 'unhandled error');
  return { statusCode: 500, code: 'INTERNAL_ERROR', message: 'the service failed to process the request; it has been logged' };
}

/** Every error leaves as `{ statusCode, code, error, message[, field] }`, with a stable code. */
export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const { statusCode, code, message, field } = failureOf(error, request, app);
    return reply.status(statusCode).send({ statusCode, code, error: STATUS_TEXT[statusCode] ?? 'Error', message, ...(field ? { field } : {}) });
  });

  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send({ statusCode: 404, code: 'ROUTE_NOT_FOUND', error: 'Not Found', message: `no route ${request.method} ${request.url.split('?')[0]}` });
  });
}
