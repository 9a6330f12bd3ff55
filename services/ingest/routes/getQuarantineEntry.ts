/**
 * `GET /admin/quarantine/{id}` (operation `getQuarantineEntry`, admin listener): one quarantine
 * entry with its raw headers and body, for the console's payload view. Thin: the id is validated
 * by the generated schema and handed to `readQuarantineEntry`.
 */
import type { FastifyInstance } from 'fastify';
import { getQuarantineEntryRouteSchema, type GetQuarantineEntryParams, type QuarantineEntryDetail } from '../../../generated/openapi/ingest.schemas.ts';
import type { DmPool } from '../../shared/pg/pools.ts';
import { consoleRouteErrors } from '../console/consoleRouteErrors.ts';
import { readQuarantineEntry } from '../console/readQuarantineEntry.ts';

/** Registers the route on `app` (whose validator compiler is the generated one). */
export function getQuarantineEntry(app: FastifyInstance, deps: { readonly pool: DmPool }): void {
  app.get<{ Params: GetQuarantineEntryParams; Reply: QuarantineEntryDetail }>(
    '/admin/quarantine/:id',
    { schema: getQuarantineEntryRouteSchema, errorHandler: consoleRouteErrors },
    async (request) => readQuarantineEntry(deps.pool, request.params.id.toLowerCase()),
  );
}
