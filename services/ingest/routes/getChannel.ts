/**
 * `GET /admin/channels/{broadcasterUserId}` (operation `getChannel`, admin listener): one channel
 * with its slug history, stream sessions and viewer counts, for the console's channel view. Thin:
 * the parameters are validated by the generated schema and handed to `readChannel`.
 */
import type { FastifyInstance } from 'fastify';
import { getChannelRouteSchema, type ChannelDetail, type GetChannelParams, type GetChannelQuerystring } from '../../../generated/openapi/ingest.schemas.ts';
import type { DmPool } from '../../shared/pg/pools.ts';
import { consoleRouteErrors } from '../console/consoleRouteErrors.ts';
import { readChannel } from '../console/readChannel.ts';

/** Registers the route on `app`; `now` ends the viewer-count window. */
export function getChannel(app: FastifyInstance, deps: { readonly pool: DmPool; readonly now: () => Date }): void {
  app.get<{ Params: GetChannelParams; Querystring: GetChannelQuerystring; Reply: ChannelDetail }>(
    '/admin/channels/:broadcasterUserId',
    { schema: getChannelRouteSchema, errorHandler: consoleRouteErrors },
    async (request) => readChannel(deps.pool, request.params.broadcasterUserId, request.query.hours ?? 24, deps.now()),
  );
}
