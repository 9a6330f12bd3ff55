/**
 * `GET /admin/channels/{broadcasterUserId}/chat-histogram` (operation `getChannelChatHistogram`,
 * admin listener): chat messages per hour from ClickHouse, for the console's channel view. Thin:
 * the parameters are validated by the generated schema and handed to `readChannelChatHistogram`.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import type { FastifyInstance } from 'fastify';
import {
  getChannelChatHistogramRouteSchema,
  type ChannelChatHistogram,
  type GetChannelChatHistogramParams,
  type GetChannelChatHistogramQuerystring,
} from '../../../generated/openapi/ingest.schemas.ts';
import { consoleRouteErrors } from '../console/consoleRouteErrors.ts';
import { readChannelChatHistogram } from '../console/readChannelChatHistogram.ts';

/** Registers the route on `app`; `now` ends the window. */
export function getChannelChatHistogram(app: FastifyInstance, deps: { readonly clickhouse: ClickHouseClient; readonly now: () => Date }): void {
  app.get<{ Params: GetChannelChatHistogramParams; Querystring: GetChannelChatHistogramQuerystring; Reply: ChannelChatHistogram }>(
    '/admin/channels/:broadcasterUserId/chat-histogram',
    { schema: getChannelChatHistogramRouteSchema, errorHandler: consoleRouteErrors },
    async (request) => readChannelChatHistogram(deps.clickhouse, request.params.broadcasterUserId, request.query.hours ?? 48, deps.now()),
  );
}
