/**
 * Projector for `kick.channel.subscription.gifts.v1` (Kick `channel.subscription.gifts`):
 * - `kick_subscription_gifts`: one row per envelope, the gifter (null id and name when anonymous),
 *   the giftee ids, `gifted_at` (`created_at`) and `expires_at`;
 * - `kick_subscriptions`: one row per giftee, kind `gift` (sql/kickUpsertSubscriptions.ts).
 *
 * Idempotency: the gift row is keyed by the envelope id (`ON CONFLICT DO NOTHING`) and the
 * subscription rows follow the latest-expiry and newest-event rules, so applying twice equals
 * once. Ordering: none assumed (the same rules make the giftees' rows order-insensitive).
 */
import { sql } from 'slonik';
import type { Projector } from '../../../generated/asyncapi/handlers.ts';
import type { ProjectorTx } from './projectorTx.ts';
import { distinctSubscribers, upsertSubscriptions } from './sql/kickUpsertSubscriptions.ts';
import { instantOrNull } from './sql/kickValues.ts';
import { kickVersionOf } from './sql/kickVersion.ts';

export const project: Projector<'kick.channel.subscription.gifts.v1', ProjectorTx> = async (event, tx) => {
  const version = kickVersionOf(event);
  const { data } = event;
  const giftedAt = instantOrNull(data.created_at);
  const expiresAt = instantOrNull(data.expires_at);
  // Kick documents an anonymous gifter as all-null fields; trust the flag over a stray id.
  const anonymous = data.gifter.is_anonymous === true;
  const gifteeIds = sql.array(
    data.giftees.map((giftee) => giftee.user_id),
    'int8',
  );
  await tx.query(sql.unsafe`
    INSERT INTO kick_subscription_gifts
      (event_id, broadcaster_user_id, gifter_user_id, gifter_username, giftee_user_ids, gifted_at, expires_at, event_time)
    VALUES (
      ${version.eventId}, ${data.broadcaster.user_id}, ${anonymous ? null : data.gifter.user_id},
      ${anonymous ? null : (data.gifter.username ?? null)}, ${gifteeIds},
      ${giftedAt}::timestamptz, ${expiresAt}::timestamptz, ${version.time}::timestamptz)
    ON CONFLICT (event_id) DO NOTHING`);
  const rows = distinctSubscribers(
    data.giftees.map((giftee) => ({
      subscriberUserId: giftee.user_id,
      subscriberUsername: giftee.username ?? null,
      kind: 'gift' as const,
      durationMonths: null,
      subscribedAt: giftedAt ?? version.time,
      expiresAt,
    })),
  );
  const statement = upsertSubscriptions(data.broadcaster.user_id, rows, version);
  if (statement !== null) await tx.query(statement);
  return { status: 'processed' };
};
