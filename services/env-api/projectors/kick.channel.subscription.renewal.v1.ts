/**
 * Projector for `kick.channel.subscription.renewal.v1` (Kick `channel.subscription.renewal`) into
 * `kick_subscriptions`, kind `renewal`: the subscriber's row for the channel with its duration,
 * `subscribed_at` (`created_at`, else the envelope time) and `expires_at`.
 *
 * Idempotency and ordering (sql/kickUpsertSubscriptions.ts): the latest expiry any event gave wins
 * and the other columns follow the newest event, so applying twice equals once and a renewal
 * that arrives before the `new` it follows keeps its later expiry.
 */
import type { Projector } from '../../../generated/asyncapi/handlers.ts';
import type { ProjectorTx } from './projectorTx.ts';
import { upsertSubscriptions } from './sql/kickUpsertSubscriptions.ts';
import { instantOrNull, integerOrNull } from './sql/kickValues.ts';
import { kickVersionOf } from './sql/kickVersion.ts';

export const project: Projector<'kick.channel.subscription.renewal.v1', ProjectorTx> = async (event, tx) => {
  const version = kickVersionOf(event);
  const { data } = event;
  const statement = upsertSubscriptions(
    data.broadcaster.user_id,
    [
      {
        subscriberUserId: data.subscriber.user_id,
        subscriberUsername: data.subscriber.username ?? null,
        kind: 'renewal',
        durationMonths: integerOrNull(data.duration),
        subscribedAt: instantOrNull(data.created_at) ?? version.time,
        expiresAt: instantOrNull(data.expires_at),
      },
    ],
    version,
  );
  if (statement !== null) await tx.query(statement);
  return { status: 'processed' };
};
