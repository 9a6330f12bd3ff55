/**
 * The error answers of the delivery admin routes, as the contract lists them: a request that fails
 * its schema, names a cursor we did not issue or ids that are not delivery ids is 400
 * `INGEST_QUERY_INVALID` / `INGEST_REQUEST_INVALID`, an unconfigured target 400
 * `INGEST_TARGET_UNKNOWN`, PostgreSQL unavailable 503 with `Retry-After`.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, coerceError } from '../../shared/errors.ts';
import { DatabaseUnavailableError } from '../../shared/pg/databaseErrors.ts';
import { sendIngestError } from '../errors.ts';

const answered = new Set(['INGEST_QUERY_INVALID', 'INGEST_REQUEST_INVALID', 'INGEST_TARGET_UNKNOWN'] as const);
type AnsweredCode = typeof answered extends Set<infer C> ? C : never;

function isAnswered(code: string): code is AnsweredCode {
  return (answered as Set<string>).has(code);
}

/**
 * A route-level fastify error handler; `invalidCode` is what a schema failure answers with
 * (`INGEST_QUERY_INVALID` for query strings, `INGEST_REQUEST_INVALID` for bodies).
 */
export function deliveryRouteErrors(invalidCode: 'INGEST_QUERY_INVALID' | 'INGEST_REQUEST_INVALID') {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    if (error.validation !== undefined) return sendIngestError(reply, invalidCode, error.message);
    const cause = coerceError(error);
    if (cause instanceof DatabaseUnavailableError) return sendIngestError(reply, 'INGEST_UNAVAILABLE', 'PostgreSQL is unavailable; retry later');
    if (cause instanceof AppError && isAnswered(cause.code)) return sendIngestError(reply, cause.code, cause.message);
    // fastify's own 4xx before the handler ran (an empty or malformed JSON body, say).
    if (error.statusCode === 400) return sendIngestError(reply, invalidCode, error.message);
    request.log.error({ err: cause, url: request.url }, 'delivery admin route failed');
    return reply.send(error);
  };
}
