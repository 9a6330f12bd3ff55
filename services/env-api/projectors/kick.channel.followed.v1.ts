/**
 * Projector for `kick.channel.followed.v1` (Kick `channel.followed`) into `kick_follows`: one row
 * per (broadcaster, follower), `followed_at` the envelope time of the latest follow (Kick sends no
 * unfollow event, so a row stays once written; a re-follow moves `followed_at` forward).
 *
 * Idempotency: an upsert on the pair that writes only for a newer version, so applying the
 * envelope twice equals once. Ordering: none assumed; an older follow never moves the row back.
 */
import type { Projector } from '../../../generated/asyncapi/handlers.ts';
import type { ProjectorTx } from './projectorTx.ts';
import { upsertLatest } from './sql/kickUpsertLatest.ts';
import { kickVersionOf } from './sql/kickVersion.ts';

export const project: Projector<'kick.channel.followed.v1', ProjectorTx> = async (event, tx) => {
  const version = kickVersionOf(event);
  const { data } = event;
  await tx.query(
    upsertLatest(
      'kick_follows',
      ['broadcaster_user_id', 'follower_user_id'],
      {
        broadcaster_user_id: data.broadcaster.user_id,
        follower_user_id: data.follower.user_id,
        follower_username: data.follower.username ?? null,
        followed_at: version.time,
      },
      version,
    ),
  );
  return { status: 'processed' };
};
