/**
 * `POST /admin/quarantine/replay` (operation `replayQuarantine`, admin listener): re-runs
 * quarantined deliveries through today's contracts and releases what now passes, once. Thin: the
 * body is validated by the generated schema and handed to `replayQuarantine`.
 */
import type { FastifyInstance } from 'fastify';
import { replayQuarantineRouteSchema, type QuarantineReplayResult, type ReplayQuarantineBody } from '../../../generated/openapi/ingest.schemas.ts';
import type { DmPool } from '../../shared/pg/pools.ts';
import { quarantineRouteErrors } from '../quarantine/quarantineRouteErrors.ts';
import { replayQuarantine } from '../quarantine/replayQuarantine.ts';

/** Registers the route on `app`; `targets` are the configured fan-out target names. */
export function replayQuarantineRoute(app: FastifyInstance, deps: { readonly pool: DmPool; readonly targets: readonly string[] }): void {
  app.post<{ Body: ReplayQuarantineBody; Reply: QuarantineReplayResult }>(
    '/admin/quarantine/replay',
    { schema: replayQuarantineRouteSchema, errorHandler: quarantineRouteErrors('INGEST_REQUEST_INVALID') },
    async (request) => replayQuarantine({ pool: deps.pool, targets: deps.targets }, request.body),
  );
}
