/**
 * `GET /public/v1/channels` (operation `getChannels`) and `GET /public/v1/public-key` (operation
 * `getPublicKey`): what the poller, `vf channels add` and the key fetch read. Channels are asked
 * for by repeated `broadcaster_user_id` or by repeated `slug`, never both; unknown ones are left
 * out; with neither, Kick would answer the token owner's channel, and an app token owns none.
 */
import type { FastifyInstance } from 'fastify';
import { getChannelsRouteSchema, getPublicKeyRouteSchema, type GetChannelsQuerystring } from '../../../generated/openapi/kick-api.schemas.ts';
import type { SimChannel } from '../simulatedChannels.ts';
import { channelsBySlug, kickChannelAt } from './kickChannelAt.ts';

/** Registers both routes; the public key route only when a key is given. */
export function registerChannelRoutes(app: FastifyInstance, channels: readonly SimChannel[], publicKeyPem: string | null, now: () => number): void {
  app.get<{ Querystring: GetChannelsQuerystring }>('/public/v1/channels', { schema: getChannelsRouteSchema }, async (request, reply) => {
    const { broadcaster_user_id: ids, slug: slugs } = request.query;
    if (ids !== undefined && slugs !== undefined) return reply.code(400).send({ message: 'broadcaster_user_id and slug cannot be combined', data: null });
    const found = ids !== undefined ? ids.flatMap((id) => channels.filter((c) => c.broadcasterUserId === id)) : channelsBySlug(channels, slugs ?? []);
    const nowMs = now();
    return { data: found.map((channel) => kickChannelAt(channel, nowMs)), message: 'OK' };
  });
  if (publicKeyPem !== null) {
    app.get('/public/v1/public-key', { schema: getPublicKeyRouteSchema }, async () => ({ data: { public_key: publicKeyPem }, message: 'OK' }));
  }
}
