/**
 * `GET /metrics` (operation `getMetrics`, admin listener): the role's Prometheus metrics in the
 * text exposition format, from the registry its parts share.
 */
import type { FastifyInstance } from 'fastify';
import { getMetricsRouteSchema } from '../../../generated/openapi/ingest.schemas.ts';
import type { IngestMetrics } from '../metrics/ingestMetrics.ts';

/** Registers the route on `app`. */
export function getMetrics(app: FastifyInstance, deps: { readonly metrics: IngestMetrics }): void {
  app.get('/metrics', { schema: getMetricsRouteSchema }, async (_request, reply) => {
    const text = await deps.metrics.registry.metrics();
    // A text content type: fastify sends the string as it is, not through the JSON serializer.
    return reply.type(deps.metrics.registry.contentType).send(text);
  });
}
