/**
 * `GET /admin/charts/delivery-lag` (operation `getDeliveryLagChart`, admin listener): per target
 * and minute, how long the delivered events waited, for the console's lag chart. Thin: the query is
 * validated by the generated schema (`minutes` defaults to 60) and handed to `readDeliveryLag`.
 */
import type { FastifyInstance } from 'fastify';
import { getDeliveryLagChartRouteSchema, type DeliveryLagChart, type GetDeliveryLagChartQuerystring } from '../../../generated/openapi/ingest.schemas.ts';
import type { DmPool } from '../../shared/pg/pools.ts';
import { consoleRouteErrors } from '../console/consoleRouteErrors.ts';
import { readDeliveryLag } from '../console/readDeliveryLag.ts';

/** Registers the route on `app`; `now` is the chart's clock. */
export function getDeliveryLagChart(app: FastifyInstance, deps: { readonly pool: DmPool; readonly now: () => Date }): void {
  app.get<{ Querystring: GetDeliveryLagChartQuerystring; Reply: DeliveryLagChart }>(
    '/admin/charts/delivery-lag',
    { schema: getDeliveryLagChartRouteSchema, errorHandler: consoleRouteErrors },
    async (request) => readDeliveryLag(deps.pool, request.query.minutes ?? 60, deps.now()),
  );
}
