/**
 * Projector for `kick.channel.subscription.renewal.v1` (Kick `channel.subscription.renewal`) into
 * `kick_subscriptions`, kind `renewal`: the subscriber's row for the channel with its duration,
 * `subscribed_at` (`created_at`, else the envelope time) and `expires_at`.
 *
 * Idempotency and ordering (sql/kickSubscriberProjector.ts, sql/kickUpsertSubscriptions.ts): the latest expiry any event gave wins
 * and the other columns follow the newest event, so applying twice equals once and a renewal
 * that arrives before the `new` it follows keeps its later expiry.
 */
import type { Projector } from '../../../generated/asyncapi/handlers.ts';
import type { ProjectorTx } from './projectorTx.ts';
import { projectSubscriber } from './sql/kickSubscriberProjector.ts';

export const project: Projector<'kick.channel.subscription.renewal.v1', ProjectorTx> = (event, tx) => projectSubscriber(event, tx, 'renewal');
