/**
 * The error answers of the quarantine admin routes, as the contract lists them: a request that
 * fails its schema or names a cursor we did not issue is 400 `{ code, message }` (not fastify's
 * generic validation body), PostgreSQL unavailable is 503 with `Retry-After`.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, coerceError } from '../../shared/errors.ts';
import { DatabaseUnavailableError } from '../../shared/pg/databaseErrors.ts';
import { sendIngestError } from '../errors.ts';

/**
 * A route-level fastify error handler; `invalidCode` is what a schema failure answers with
 * (`INGEST_QUERY_INVALID` for query strings, `INGEST_REQUEST_INVALID` for bodies).
 */
export function quarantineRouteErrors(invalidCode: 'INGEST_QUERY_INVALID' | 'INGEST_REQUEST_INVALID') {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    if (error.validation !== undefined) return sendIngestError(reply, invalidCode, error.message);
    const cause = coerceError(error);
    if (cause instanceof DatabaseUnavailableError) return sendIngestError(reply, 'INGEST_UNAVAILABLE', 'PostgreSQL is unavailable; retry later');
    if (cause instanceof AppError && (cause.code === 'INGEST_QUERY_INVALID' || cause.code === 'INGEST_REQUEST_INVALID')) {
      return sendIngestError(reply, cause.code, cause.message);
    }
    request.log.error({ err: cause, url: request.url }, 'quarantine admin route failed');
    return reply.send(error);
  };
}
