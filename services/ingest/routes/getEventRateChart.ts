/**
 * `GET /admin/charts/event-rates` (operation `getEventRateChart`, admin listener): deliveries per
 * minute by versioned type, for the console's throughput chart. Thin: the query is validated by
 * the generated schema (`minutes` defaults to 60) and handed to `readEventRates`.
 */
import type { FastifyInstance } from 'fastify';
import { getEventRateChartRouteSchema, type EventRateChart, type GetEventRateChartQuerystring } from '../../../generated/openapi/ingest.schemas.ts';
import type { DmPool } from '../../shared/pg/pools.ts';
import { consoleRouteErrors } from '../console/consoleRouteErrors.ts';
import { readEventRates } from '../console/readEventRates.ts';

/** Registers the route on `app`; `now` is the chart's clock. */
export function getEventRateChart(app: FastifyInstance, deps: { readonly pool: DmPool; readonly now: () => Date }): void {
  app.get<{ Querystring: GetEventRateChartQuerystring; Reply: EventRateChart }>(
    '/admin/charts/event-rates',
    { schema: getEventRateChartRouteSchema, errorHandler: consoleRouteErrors },
    async (request) => readEventRates(deps.pool, request.query.minutes ?? 60, deps.now()),
  );
}
