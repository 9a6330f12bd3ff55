/**
 * The routes of the fake Kick API, in Kick's documented wire format (providers.md §1.3, §1.6,
 * §1.7; contracts/openapi/kick-api.yaml): the token endpoint, channels, event subscriptions and
 * the public key. Request parts are checked with the contract's generated route schemas.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  createEventSubscriptionsRouteSchema,
  deleteEventSubscriptionsRouteSchema,
  getChannelsRouteSchema,
  getPublicKeyRouteSchema,
  listEventSubscriptionsRouteSchema,
  type CreateEventSubscriptionsBody,
  type DeleteEventSubscriptionsQuerystring,
  type GetChannelsQuerystring,
  type ListEventSubscriptionsQuerystring,
  type SubscriptionResult,
} from '../../../../generated/openapi/kick-api.schemas.ts';
import { kickSubscriptionEvents } from '../../subscriptions/domain/kickSubscriptionEvents.ts';
import type { FakeKickState } from './fakeKickState.ts';

const knownEvents = new Set(kickSubscriptionEvents.map((e) => e.name));

function pathOf(request: FastifyRequest): string {
  return request.url.split('?')[0] ?? request.url;
}

/** Logs every request, then answers a queued failure, then checks the Bearer token on API routes. */
export function registerFakeKickHooks(app: FastifyInstance, state: FakeKickState): void {
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const path = pathOf(request);
    const query: Record<string, string[]> = {};
    for (const [key, value] of new URLSearchParams(request.url.split('?')[1] ?? '')) (query[key] ??= []).push(value);
    state.requests.push({ method: request.method, path, query });
    const failure = state.takeFailure(request.method, path);
    if (failure !== undefined) {
      if (failure.retryAfterSeconds !== undefined) reply.header('retry-after', String(failure.retryAfterSeconds));
      if (failure.retryAfter !== undefined) reply.header('retry-after', failure.retryAfter);
      return reply.code(failure.status).send(failure.body ?? { message: failure.status === 429 ? 'Too Many Requests' : 'Injected failure', data: null });
    }
    if (!path.startsWith('/public/v1/') || path === '/public/v1/public-key') return undefined;
    const match = /^Bearer (.+)$/.exec(request.headers.authorization ?? '');
    if (match?.[1] === undefined || !state.tokenValid(match[1])) return reply.code(401).send({ message: 'Unauthorized', data: null });
    return undefined;
  });
}

/** `POST /oauth/token`: client credentials only; anything else is refused like Kick does. */
export function registerFakeTokenRoute(app: FastifyInstance, state: FakeKickState, credentials: { clientId: string; clientSecret: string }): void {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(typeof body === 'string' ? body : body.toString('utf8'))));
  });
  app.post<{ Body: Record<string, string> | undefined }>('/oauth/token', async (request, reply) => {
    const form = request.body ?? {};
    if (form.grant_type !== 'client_credentials' || form.client_id !== credentials.clientId || form.client_secret !== credentials.clientSecret) {
      return reply.code(401).send({ error: 'Invalid request' });
    }
    return { access_token: state.issueToken(), token_type: 'Bearer', expires_in: state.expiresInSeconds };
  });
}

/** `GET /public/v1/channels` and `GET /public/v1/public-key`. */
export function registerFakeChannelRoutes(app: FastifyInstance, state: FakeKickState): void {
  app.get<{ Querystring: GetChannelsQuerystring }>('/public/v1/channels', { schema: getChannelsRouteSchema }, async (request, reply) => {
    const { broadcaster_user_id: ids, slug: slugs } = request.query;
    if (ids !== undefined && slugs !== undefined) return reply.code(400).send({ message: 'broadcaster_user_id and slug cannot be combined', data: null });
    const all = [...state.channels.values()];
    const wanted = slugs?.map((s) => s.toLowerCase());
    const data =
      ids !== undefined ? ids.flatMap((id) => all.filter((c) => c.broadcaster_user_id === id)) : (wanted?.flatMap((s) => all.filter((c) => c.slug.toLowerCase() === s)) ?? []);
    return { data, message: 'OK' };
  });
  app.get('/public/v1/public-key', { schema: getPublicKeyRouteSchema }, async () => ({ data: { public_key: state.publicKeyPem }, message: 'OK' }));
}

/** `GET`, `POST` and `DELETE /public/v1/events/subscriptions`. */
export function registerFakeSubscriptionRoutes(app: FastifyInstance, state: FakeKickState): void {
  const path = '/public/v1/events/subscriptions';
  app.get<{ Querystring: ListEventSubscriptionsQuerystring }>(path, { schema: listEventSubscriptionsRouteSchema }, async (request) => {
    const id = request.query.broadcaster_user_id;
    return { data: state.subscriptions.filter((s) => id === undefined || s.broadcaster_user_id === id), message: 'OK' };
  });
  app.post<{ Body: CreateEventSubscriptionsBody }>(path, { schema: createEventSubscriptionsRouteSchema }, async (request) => {
    const { broadcaster_user_id: broadcasterUserId, events, method } = request.body;
    // Like Kick (issue #246): asking twice creates two subscriptions.
    const data = events.map((event): SubscriptionResult => {
      if (!knownEvents.has(event.name) || event.version !== 1) return { name: event.name, version: event.version, subscription_id: null, error: 'event not found' };
      const now = new Date().toISOString();
      const id = state.nextId();
      state.subscriptions.push({ id, app_id: state.appId, broadcaster_user_id: broadcasterUserId, event: event.name, method, version: event.version, created_at: now, updated_at: now });
      return { name: event.name, version: event.version, subscription_id: id, error: '' };
    });
    return { data, message: 'OK' };
  });
  app.delete<{ Querystring: DeleteEventSubscriptionsQuerystring }>(path, { schema: deleteEventSubscriptionsRouteSchema }, async (request, reply) => {
    const ids = new Set(request.query.id);
    state.subscriptions = state.subscriptions.filter((s) => !ids.has(s.id));
    return reply.code(204).send();
  });
}
