/**
 * Projector for `kick.channel.subscription.new.v1` (Kick `channel.subscription.new`) into
 * `kick_subscriptions`, kind `new`: the subscriber's row for the channel with its duration,
 * `subscribed_at` (`created_at`, else the envelope time) and `expires_at`.
 *
 * Idempotency and ordering (sql/kickSubscriberProjector.ts, sql/kickUpsertSubscriptions.ts): the latest expiry any event gave wins
 * and the other columns follow the newest event, so applying twice equals once and a `new` that
 * arrives after its renewal leaves the renewal's expiry in place.
 */
import type { Projector } from '../../../generated/asyncapi/handlers.ts';
import type { ProjectorTx } from './projectorTx.ts';
import { projectSubscriber } from './sql/kickSubscriberProjector.ts';

export const project: Projector<'kick.channel.subscription.new.v1', ProjectorTx> = (event, tx) => projectSubscriber(event, tx, 'new');
