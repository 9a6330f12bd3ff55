/**
 * `livestream.status.updated` (a stream starts, later ends) and `livestream.metadata.updated`
 * (title, category, language or mature flag change while live). Start and end follow the
 * channel's schedule ({@link channelStateAt}), the same one the Kick API simulator answers from.
 */
import type { KickLivestreamMetadataUpdatedV1, KickLivestreamStatusUpdatedV1 } from '../../../generated/asyncapi/types.ts';
import { channelStateAt } from '../channelState.ts';
import { SIM_CATEGORIES } from '../simulatedChannels.ts';
import { rfc3339Seconds, rfc3339WithOffset } from './ids.ts';
import type { KickChannelContext, KickDraw } from './kickChannelContext.ts';
import { kickUser } from './kickUsers.ts';

const titleChanges = ['!giveaway at 1k viewers', 'back from break', 'one more game', 'chat decides', 'new record attempt', 'chill ending'];

/** Kick sends stream times sometimes in UTC, sometimes at the streamer's offset: both shapes, by channel. */
function streamTime(context: KickChannelContext, timeMs: number): string {
  return context.channel.broadcasterUserId % 3 === 0 ? rfc3339WithOffset(timeMs, 660) : rfc3339Seconds(timeMs);
}

/**
 * The status update due for `context` at `draw.nowMs`, or null when the schedule says the same as
 * the last announcement. Marks the new state as announced.
 */
export function streamStatusUpdate(context: KickChannelContext, draw: KickDraw): KickLivestreamStatusUpdatedV1 | null {
  const state = channelStateAt(context.channel, draw.nowMs);
  if (state.isLive === context.announcedLive) return null;
  context.announcedLive = state.isLive;
  return {
    broadcaster: kickUser(context.broadcaster),
    is_live: state.isLive,
    title: context.channel.streamTitle,
    started_at: streamTime(context, state.startedAtMs),
    ended_at: state.endedAtMs === null ? null : streamTime(context, state.endedAtMs),
  };
}

/**
 * A metadata change of a live stream. The title always changes (it carries a running number): the
 * payload has no time or id, and a body seen before would count as a resend.
 */
export function streamMetadataUpdate(context: KickChannelContext, draw: KickDraw): KickLivestreamMetadataUpdatedV1 {
  const { prng } = draw;
  const { channel } = context;
  const category = prng.chance(0.2) ? prng.pick(SIM_CATEGORIES) : channel.category;
  context.metadataUpdates += 1;
  return {
    broadcaster: kickUser(context.broadcaster),
    metadata: {
      title: `${channel.streamTitle} | ${prng.pick(titleChanges)} #${context.metadataUpdates}`,
      language: channel.language,
      has_mature_content: prng.chance(0.1) ? !channel.isMature : channel.isMature,
      category: { ...category },
    },
  };
}
