/**
 * The error answers of the console's read routes, as the contract lists them: a query string or
 * path parameter that fails its schema is 400 `INGEST_QUERY_INVALID` (not fastify's generic
 * validation body), an `IngestHttpError` answers its own code, PostgreSQL unavailable is 503
 * `INGEST_UNAVAILABLE` with `Retry-After`.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { coerceError } from '../../shared/errors.ts';
import { DatabaseUnavailableError } from '../../shared/pg/databaseErrors.ts';
import { IngestHttpError, sendIngestError } from '../errors.ts';

/** A route-level fastify error handler. */
export function consoleRouteErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error.validation !== undefined) return sendIngestError(reply, 'INGEST_QUERY_INVALID', error.message);
  const cause = coerceError(error);
  if (cause instanceof IngestHttpError) return sendIngestError(reply, cause.code, cause.message);
  if (cause instanceof DatabaseUnavailableError) return sendIngestError(reply, 'INGEST_UNAVAILABLE', 'PostgreSQL is unavailable; retry later');
  request.log.error({ err: cause, url: request.url }, 'console read route failed');
  return reply.send(error);
}
