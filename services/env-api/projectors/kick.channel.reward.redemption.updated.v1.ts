/**
 * Projector for `kick.channel.reward.redemption.updated.v1` (Kick
 * `channel.reward.redemption.updated`) into `kick_reward_redemptions`: one row per redemption id,
 * its `status` (pending, accepted, rejected, or any value Kick adds: stored as text) and the
 * reward, redeemer and input as the newest event tells them.
 *
 * Idempotency: an upsert on `redemption_id` that writes only for a newer version, so applying the
 * envelope twice equals once. Ordering: none assumed; a `pending` that arrives after the
 * `accepted` it preceded (by envelope time) leaves the row accepted.
 */
import type { Projector } from '../../../generated/asyncapi/handlers.ts';
import type { ProjectorTx } from './projectorTx.ts';
import { upsertLatest } from './sql/kickUpsertLatest.ts';
import { instantOrNull, integerOrNull, textOrNull } from './sql/kickValues.ts';
import { kickVersionOf } from './sql/kickVersion.ts';

export const project: Projector<'kick.channel.reward.redemption.updated.v1', ProjectorTx> = async (event, tx) => {
  const version = kickVersionOf(event);
  const { data } = event;
  await tx.query(
    upsertLatest(
      'kick_reward_redemptions',
      ['redemption_id'],
      {
        redemption_id: data.id,
        broadcaster_user_id: data.broadcaster.user_id,
        reward_id: textOrNull(data.reward?.id),
        reward_title: textOrNull(data.reward?.title),
        // integer column: a cost that does not fit is dropped rather than failing the event.
        reward_cost: integerOrNull(data.reward?.cost),
        redeemer_user_id: data.redeemer.user_id,
        redeemer_username: data.redeemer.username ?? null,
        user_input: textOrNull(data.user_input),
        status: data.status,
        redeemed_at: instantOrNull(data.redeemed_at),
      },
      version,
    ),
  );
  return { status: 'processed' };
};
