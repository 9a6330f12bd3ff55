/**
 * `GET /metrics` (operation `getMetrics`): the role's Prometheus metrics in the text exposition
 * format, from the registry its parts share.
 */
import type { FastifyInstance } from 'fastify';
import { getMetricsRouteSchema } from '../../../generated/openapi/internal-events.schemas.ts';
import type { EnvApiMetrics } from '../metrics/envApiMetrics.ts';

/** Registers the route on `app`. */
export function getMetrics(app: FastifyInstance, deps: { readonly metrics: EnvApiMetrics }): void {
  app.get('/metrics', { schema: getMetricsRouteSchema }, async (_request, reply) => {
    const text = await deps.metrics.registry.metrics();
    // A text content type: fastify sends the string as it is, not through the JSON serializer.
    return reply.type(deps.metrics.registry.contentType).send(text);
  });
}
