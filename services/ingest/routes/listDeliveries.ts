/**
 * `GET /admin/deliveries` (operation `listDeliveries`, admin listener): one page of dead or parked
 * deliveries, oldest first. Thin: the query is validated by the generated schema and handed to
 * `listDeliveries`.
 */
import type { FastifyInstance } from 'fastify';
import { listDeliveriesRouteSchema, type DeliveryPage, type ListDeliveriesQuerystring } from '../../../generated/openapi/ingest.schemas.ts';
import { deliveryRouteErrors } from '../deliveries/deliveryRouteErrors.ts';
import { listDeliveries, type DeliveriesDeps } from '../deliveries/listDeliveries.ts';

/** Registers the route on `app` (whose validator compiler is the generated one); `targets` are the configured fan-out target names. */
export function listDeliveriesRoute(app: FastifyInstance, deps: DeliveriesDeps): void {
  app.get<{ Querystring: ListDeliveriesQuerystring; Reply: DeliveryPage }>(
    '/admin/deliveries',
    { schema: listDeliveriesRouteSchema, errorHandler: deliveryRouteErrors('INGEST_QUERY_INVALID') },
    async (request) => listDeliveries(deps, request.query),
  );
}
