/**
 * `GET /healthz` (operation `getHealthz`): liveness. It checks no dependency (that is `/readyz`),
 * so a database outage never gets the process restarted.
 */
import type { FastifyInstance } from 'fastify';
import { getHealthzRouteSchema, type Liveness } from '../../../generated/openapi/internal-events.schemas.ts';

/** Registers the route on `app`. */
export function getHealthz(app: FastifyInstance): void {
  app.get('/healthz', { schema: getHealthzRouteSchema }, async (): Promise<Liveness> => ({ status: 'ok' }));
}
