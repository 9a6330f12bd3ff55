/**
 * `POST /admin/clickhouse/query` (operation `queryClickhouse`, admin listener): the read-only bridge
 * through which the `vf` CLI reads the embedded ClickHouse, which only the process that opened it
 * can reach (DESIGN §2). With a ClickHouse server (`CLICKHOUSE_URL`) the bridge is off (404): the
 * CLI queries the server itself.
 */
import { ClickHouseError, type ClickHouseClient } from '@clickhouse/client';
import type { FastifyInstance } from 'fastify';
import { queryClickhouseRouteSchema, type ClickhouseQueryResult, type QueryClickhouseBody } from '../../../generated/openapi/ingest.schemas.ts';
import { coerceError } from '../../shared/errors.ts';
import type { Logger } from '../../shared/logging/createLogger.ts';
import { checkReadOnlySql } from '../clickhouse/readOnlySql.ts';
import { sendIngestError } from '../errors.ts';

/** What the bridge needs. */
export interface QueryClickhouseDeps {
  readonly clickhouse: ClickHouseClient;
  readonly clickhouseMode: 'embedded' | 'server';
  readonly logger: Logger;
}

/** Registers the route on `app`. */
export function queryClickhouse(app: FastifyInstance, deps: QueryClickhouseDeps): void {
  app.post<{ Body: QueryClickhouseBody }>('/admin/clickhouse/query', { schema: queryClickhouseRouteSchema }, async (request, reply) => {
    if (deps.clickhouseMode === 'server') {
      return sendIngestError(reply, 'INGEST_CLICKHOUSE_BRIDGE_DISABLED', 'this role uses a ClickHouse server (CLICKHOUSE_URL); query it directly');
    }
    const check = checkReadOnlySql(request.body.sql);
    if (check.kind === 'refused') return sendIngestError(reply, 'INGEST_CLICKHOUSE_SQL_NOT_READ_ONLY', check.reason);
    const format = request.body.format ?? 'JSONEachRow';
    try {
      // Values travel as ClickHouse query parameters ({name:Type}), never spliced into the SQL.
      const result = await deps.clickhouse.query({ query: check.sql, format, query_params: request.body.params ?? {} });
      const rows = await result.json<Record<string, unknown> | unknown[]>();
      const body: ClickhouseQueryResult = { format, rows };
      return body;
    } catch (e: unknown) {
      const error = coerceError(e);
      // ClickHouse answered with an error (syntax, unknown table, bad parameter): the caller's to fix.
      if (isClickhouseError(error)) return sendIngestError(reply, 'INGEST_CLICKHOUSE_QUERY_FAILED', error.message);
      deps.logger.error({ err: error }, 'the embedded ClickHouse did not answer a bridge query');
      return sendIngestError(reply, 'INGEST_CLICKHOUSE_UNAVAILABLE', `ClickHouse did not answer: ${error.message}`);
    }
  });
}

/**
 * ClickHouse's own error answer. chdb builds it from its own copy of `@clickhouse/client-common`
 * (the client bundles another), so `instanceof` alone misses the embedded engine's errors.
 */
function isClickhouseError(error: Error): boolean {
  return error instanceof ClickHouseError || (error.constructor.name === 'ClickHouseError' && typeof (error as { code?: unknown }).code === 'string');
}
