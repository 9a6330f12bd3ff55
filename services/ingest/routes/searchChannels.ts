/**
 * `GET /admin/channels?q=` (operation `searchChannels`, admin listener): channels by broadcaster
 * user id or by a current or former slug, for the console's channel search. Thin: the query is
 * validated by the generated schema and handed to `findChannels`.
 */
import type { FastifyInstance } from 'fastify';
import { searchChannelsRouteSchema, type ChannelSearchResult, type SearchChannelsQuerystring } from '../../../generated/openapi/ingest.schemas.ts';
import type { DmPool } from '../../shared/pg/pools.ts';
import { consoleRouteErrors } from '../console/consoleRouteErrors.ts';
import { findChannels } from '../console/findChannels.ts';

/** Registers the route on `app` (whose validator compiler is the generated one). */
export function searchChannels(app: FastifyInstance, deps: { readonly pool: DmPool }): void {
  app.get<{ Querystring: SearchChannelsQuerystring; Reply: ChannelSearchResult }>(
    '/admin/channels',
    { schema: searchChannelsRouteSchema, errorHandler: consoleRouteErrors },
    async (request) => findChannels(deps.pool, request.query.q, request.query.limit ?? 50),
  );
}
