/**
 * Projector for `kick.kicks.gifted.v1` (Kick `kicks.gifted`) into `kick_kicks_gifts`: one row per
 * envelope (every gift is its own fact), with the sender, the amount of KICKs and the gift's name,
 * type, tier and message; `gifted_at` is `created_at` when Kick sends it.
 *
 * Idempotency: keyed by the envelope id, `ON CONFLICT DO NOTHING`, so applying the envelope twice
 * equals once. Ordering: irrelevant, rows never change once written.
 */
import { sql } from 'slonik';
import type { Projector } from '../../../generated/asyncapi/handlers.ts';
import type { ProjectorTx } from './projectorTx.ts';
import { instantOrNull, integerOrNull, textOrNull } from './sql/kickValues.ts';
import { kickVersionOf } from './sql/kickVersion.ts';

export const project: Projector<'kick.kicks.gifted.v1', ProjectorTx> = async (event, tx) => {
  const version = kickVersionOf(event);
  const { data } = event;
  const gift = data.gift;
  await tx.query(sql.unsafe`
    INSERT INTO kick_kicks_gifts
      (event_id, broadcaster_user_id, sender_user_id, sender_username, amount, gift_id, gift_name, gift_type, gift_tier, message, gifted_at, event_time)
    VALUES (
      ${version.eventId}, ${data.broadcaster.user_id}, ${data.sender.user_id}, ${data.sender.username ?? null},
      ${integerOrNull(gift.amount)}, ${textOrNull(gift['id'])}, ${textOrNull(gift.name)}, ${textOrNull(gift.type)},
      ${textOrNull(gift.tier)}, ${textOrNull(gift.message)}, ${instantOrNull(data.created_at)}, ${version.time}::timestamptz)
    ON CONFLICT (event_id) DO NOTHING`);
  return { status: 'processed' };
};
