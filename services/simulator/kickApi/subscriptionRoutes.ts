/**
 * `GET`, `POST` and `DELETE /public/v1/events/subscriptions` (operations `listEventSubscriptions`,
 * `createEventSubscriptions`, `deleteEventSubscriptions`), providers.md §1.6. Like Kick, asking
 * twice subscribes twice (issue #246), and an event Kick does not know fails alone, with `error` set.
 */
import type { FastifyInstance } from 'fastify';
import { EVENT_TYPES, eventCatalogue } from '../../../generated/asyncapi/catalogue.ts';
import {
  createEventSubscriptionsRouteSchema,
  deleteEventSubscriptionsRouteSchema,
  listEventSubscriptionsRouteSchema,
  type CreateEventSubscriptionsBody,
  type DeleteEventSubscriptionsQuerystring,
  type ListEventSubscriptionsQuerystring,
  type SubscriptionResult,
} from '../../../generated/openapi/kick-api.schemas.ts';
import type { KickApiState } from './kickApiState.ts';

/** `name@version` of every Kick webhook event in the contract. */
const knownEvents = new Set(
  EVENT_TYPES.map((type) => eventCatalogue[type])
    .filter((entry) => entry.provider === 'kick')
    .map((entry) => `${entry.providerName}@${entry.providerVersion ?? ''}`),
);

const PATH = '/public/v1/events/subscriptions';

/** Registers the three routes on `app`. */
export function registerSubscriptionRoutes(app: FastifyInstance, state: KickApiState, now: () => number): void {
  app.get<{ Querystring: ListEventSubscriptionsQuerystring }>(PATH, { schema: listEventSubscriptionsRouteSchema }, async (request) => {
    const id = request.query.broadcaster_user_id;
    return { data: state.subscriptions.filter((s) => id === undefined || s.broadcaster_user_id === id), message: 'OK' };
  });

  app.post<{ Body: CreateEventSubscriptionsBody }>(PATH, { schema: createEventSubscriptionsRouteSchema }, async (request) => {
    const { broadcaster_user_id: broadcasterUserId, events, method } = request.body;
    const nowMs = now();
    const createdAt = new Date(nowMs).toISOString();
    const data = events.map((event): SubscriptionResult => {
      if (method !== 'webhook' || !knownEvents.has(`${event.name}@${event.version}`)) {
        return { name: event.name, version: event.version, subscription_id: null, error: method !== 'webhook' ? 'method not supported' : 'event not found' };
      }
      const id = state.nextId(nowMs);
      state.subscriptions.push({ id, app_id: state.appId, broadcaster_user_id: broadcasterUserId, event: event.name, method, version: event.version, created_at: createdAt, updated_at: createdAt });
      return { name: event.name, version: event.version, subscription_id: id, error: '' };
    });
    return { data, message: 'OK' };
  });

  app.delete<{ Querystring: DeleteEventSubscriptionsQuerystring }>(PATH, { schema: deleteEventSubscriptionsRouteSchema }, async (request, reply) => {
    const ids = new Set(request.query.id);
    state.subscriptions = state.subscriptions.filter((s) => !ids.has(s.id));
    return reply.code(204).send();
  });
}
