/**
 * `GET /admin/status` (operation `getAdminStatus`, admin listener): the counts behind `vf status`
 * as JSON. Thin: the query is validated by the generated schema, the counting is `readStatus`.
 * A `since` that is not an RFC 3339 instant is 400 `INGEST_QUERY_INVALID`; PostgreSQL down is 503
 * `INGEST_UNAVAILABLE` with `Retry-After`; ClickHouse down is a 200 that says so.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { getAdminStatusRouteSchema, type GetAdminStatusQuerystring, type IngestStatus } from '../../../generated/openapi/ingest.schemas.ts';
import { coerceError } from '../../shared/errors.ts';
import { DatabaseUnavailableError } from '../../shared/pg/databaseErrors.ts';
import type { DmPool } from '../../shared/pg/pools.ts';
import { IngestHttpError, sendIngestError } from '../errors.ts';
import { clickhouseRawEventReader } from '../replay/rawEventReader.ts';
import { readStatus } from '../status/readStatus.ts';

/** What the route reads. */
export interface GetAdminStatusDeps {
  readonly pool: DmPool;
  /** The role's ClickHouse; null when it has none (the status then says ClickHouse is down). */
  readonly clickhouse: ClickHouseClient | null;
  /** `embedded` (chdb in this process) or `server` (CLICKHOUSE_URL); default `server`. */
  readonly clickhouseMode?: 'embedded' | 'server';
  /** The configured fan-out target names, in configuration order. */
  readonly targets: readonly string[];
  /** OUTBOX_RETENTION_DAYS: the default start of the window, and its earliest. */
  readonly retentionDays: number;
}

function statusErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error.validation !== undefined) return sendIngestError(reply, 'INGEST_QUERY_INVALID', error.message);
  const cause = coerceError(error);
  if (cause instanceof IngestHttpError) return sendIngestError(reply, cause.code, cause.message);
  if (cause instanceof DatabaseUnavailableError) return sendIngestError(reply, 'INGEST_UNAVAILABLE', 'PostgreSQL is unavailable; retry later');
  request.log.error({ err: cause, url: request.url }, 'status route failed');
  return reply.send(error);
}

function parseSince(text: string | undefined): Date | undefined {
  if (text === undefined) return undefined;
  // The generated validator has checked the format already; this only narrows the text to a Date.
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new IngestHttpError('INGEST_QUERY_INVALID', `since: not an RFC 3339 date-time: ${text}`);
  return new Date(ms);
}

/** Registers the route on `app` (whose validator compiler is the generated one). */
export function getAdminStatus(app: FastifyInstance, deps: GetAdminStatusDeps): void {
  const reader = deps.clickhouse === null ? null : clickhouseRawEventReader(deps.clickhouse);
  app.get<{ Querystring: GetAdminStatusQuerystring; Reply: IngestStatus }>(
    '/admin/status',
    { schema: getAdminStatusRouteSchema, errorHandler: statusErrors },
    async (request) => {
      const since = parseSince(request.query.since);
      return readStatus(deps.pool, reader, {
        targets: deps.targets,
        retentionDays: deps.retentionDays,
        clickhouseMode: deps.clickhouseMode ?? 'server',
        ...(since === undefined ? {} : { since }),
      });
    },
  );
}
