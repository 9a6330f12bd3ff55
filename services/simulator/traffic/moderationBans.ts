/**
 * `moderation.banned`: a moderator (or the broadcaster) bans a viewer, permanently
 * (`expires_at` null) or as a timeout (`expires_at` set), providers.md §1.5.
 */
import type { KickModerationBannedV1 } from '../../../generated/asyncapi/types.ts';
import { rfc3339Seconds } from './ids.ts';
import type { KickChannelContext, KickDraw } from './kickChannelContext.ts';
import { kickUser } from './kickUsers.ts';

const reasons = ['spam', 'hate speech', 'self promotion', 'harassment', 'excessive caps', 'being too funny', ''];
const timeoutMinutes = [1, 5, 10, 30, 60, 1440];

/** A ban; about two thirds are timeouts. */
export function moderationBan(context: KickChannelContext, draw: KickDraw): KickModerationBannedV1 {
  const { prng } = draw;
  const moderator = prng.chance(0.2) ? context.broadcaster : prng.pick(context.moderators);
  let banned = prng.pick(draw.viewers);
  while (banned.userId === moderator.userId) banned = prng.pick(draw.viewers);
  const timeout = prng.chance(0.65);
  return {
    broadcaster: kickUser(context.broadcaster),
    moderator: kickUser(moderator),
    banned_user: kickUser(banned),
    metadata: {
      reason: prng.pick(reasons),
      created_at: rfc3339Seconds(draw.nowMs),
      expires_at: timeout ? rfc3339Seconds(draw.nowMs + prng.pick(timeoutMinutes) * 60_000) : null,
    },
  };
}
