import type { FastifyError, FastifyInstance } from 'fastify';
import { ApiError } from '../errors.js';
import { describeError, fieldOf } from './validation.js';

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict',
  412: 'Precondition Failed', 413: 'Payload Too Large', 429: 'Too Many Requests', 415: 'Unsupported Media Type', 428: 'Precondition Required',
  500: 'Internal Server Error',
};

/** Every error leaves as `{ statusCode, code, error, message[, field] }`, with a stable code. */
export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const send = (statusCode: number, code: string, message: string, field?: string) =>
      reply.status(statusCode).send({ statusCode, code, error: STATUS_TEXT[statusCode] ?? 'Error', message, ...(field ? { field } : {}) });

    if (error instanceof ApiError) return send(error.statusCode, error.code, error.message, error.field);
    if (error.validation && error.validation.length > 0) {
      const first = error.validation[0]!;
      const field = fieldOf(first as never);
      const part = error.validationContext ?? 'body';
      return send(400, part === 'body' ? 'INVALID_FIELD' : 'INVALID_PARAMETER', `${part === 'body' ? '' : `${part} `}${field}: ${describeError(first as never)}`, field);
    }
    switch (error.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE': return send(413, 'BODY_TOO_LARGE', `the body is larger than ${request.routeOptions.bodyLimit ?? app.initialConfig.bodyLimit} bytes`);
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE': return send(415, 'UNSUPPORTED_MEDIA_TYPE', 'send the body as application/json');
      case 'FST_ERR_CTP_EMPTY_JSON_BODY': return send(400, 'EMPTY_BODY', 'the body is empty; send a JSON object');
      case 'FST_ERR_CTP_INVALID_JSON_BODY': return send(400, 'MALFORMED_JSON', `the body is not valid JSON: ${error.message}`);
    }
    if (error instanceof SyntaxError || error.statusCode === 400) return send(400, 'MALFORMED_JSON', `the body is not valid JSON: ${error.message}`);
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return send(error.statusCode, error.code ?? 'BAD_REQUEST', error.message);
    }
    request.log.error({ err: error }, 'unhandled error');
    return send(500, 'INTERNAL_ERROR', 'the service failed to process the request; it has been logged');
  });

  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send({ statusCode: 404, code: 'ROUTE_NOT_FOUND', error: 'Not Found', message: `no route ${request.method} ${request.url.split('?')[0]}` });
  });
}
