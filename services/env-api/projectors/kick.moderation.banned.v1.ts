/**
 * Projector for `kick.moderation.banned.v1` (Kick `moderation.banned`) into `kick_bans`: one row per
 * (broadcaster, banned user, banned_at), `banned_at` being `metadata.created_at` (else the envelope
 * time); `expires_at` null is a permanent ban, a time is a timeout's end. Each ban is its own row,
 * so a user's history of timeouts is kept.
 *
 * Idempotency: an upsert on the key that writes only for a newer version, so applying the envelope
 * twice equals once. Ordering: none assumed; rows of different bans never touch each other.
 */
import type { Projector } from '../../../generated/asyncapi/handlers.ts';
import type { ProjectorTx } from './projectorTx.ts';
import { upsertLatest } from './sql/kickUpsertLatest.ts';
import { instantOrNull, textOrNull } from './sql/kickValues.ts';
import { kickVersionOf } from './sql/kickVersion.ts';

export const project: Projector<'kick.moderation.banned.v1', ProjectorTx> = async (event, tx) => {
  const version = kickVersionOf(event);
  const { data } = event;
  await tx.query(
    upsertLatest(
      'kick_bans',
      ['broadcaster_user_id', 'banned_user_id', 'banned_at'],
      {
        broadcaster_user_id: data.broadcaster.user_id,
        banned_user_id: data.banned_user.user_id,
        banned_at: instantOrNull(data.metadata?.created_at) ?? version.time,
        banned_username: data.banned_user.username ?? null,
        moderator_user_id: data.moderator?.user_id ?? null,
        moderator_username: data.moderator?.username ?? null,
        reason: textOrNull(data.metadata?.reason),
        expires_at: instantOrNull(data.metadata?.expires_at),
      },
      version,
    ),
  );
  return { status: 'processed' };
};
