/**
 * `GET /admin/quarantine` (operation `listQuarantine`, admin listener): one page of quarantined
 * or released deliveries, newest first. Thin: the query is validated by the generated schema and
 * handed to `listQuarantine`.
 */
import type { FastifyInstance } from 'fastify';
import { listQuarantineRouteSchema, type ListQuarantineQuerystring, type QuarantinePage } from '../../../generated/openapi/ingest.schemas.ts';
import type { DmPool } from '../../shared/pg/pools.ts';
import { listQuarantine } from '../quarantine/listQuarantine.ts';
import { quarantineRouteErrors } from '../quarantine/quarantineRouteErrors.ts';

/** Registers the route on `app` (whose validator compiler is the generated one). */
export function listQuarantineRoute(app: FastifyInstance, deps: { readonly pool: DmPool }): void {
  app.get<{ Querystring: ListQuarantineQuerystring; Reply: QuarantinePage }>(
    '/admin/quarantine',
    { schema: listQuarantineRouteSchema, errorHandler: quarantineRouteErrors('INGEST_QUERY_INVALID') },
    async (request) => listQuarantine(deps.pool, request.query),
  );
}
