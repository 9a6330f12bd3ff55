/**
 * `POST /admin/deliveries/retry` (operation `retryDeliveries`, admin listener): dead or parked
 * deliveries back to pending with a fresh attempt budget, and the target's sender woken. Thin: the
 * body is validated by the generated schema and handed to `retryDeliveries`.
 */
import type { FastifyInstance } from 'fastify';
import { retryDeliveriesRouteSchema, type DeliveryRetryResult, type RetryDeliveriesBody } from '../../../generated/openapi/ingest.schemas.ts';
import { deliveryRouteErrors } from '../deliveries/deliveryRouteErrors.ts';
import type { DeliveriesDeps } from '../deliveries/listDeliveries.ts';
import { retryDeliveries } from '../deliveries/retryDeliveries.ts';

/** Registers the route on `app`; `targets` are the configured fan-out target names. */
export function retryDeliveriesRoute(app: FastifyInstance, deps: DeliveriesDeps): void {
  app.post<{ Body: RetryDeliveriesBody; Reply: DeliveryRetryResult }>(
    '/admin/deliveries/retry',
    { schema: retryDeliveriesRouteSchema, errorHandler: deliveryRouteErrors('INGEST_REQUEST_INVALID') },
    async (request) => retryDeliveries(deps, request.body),
  );
}
