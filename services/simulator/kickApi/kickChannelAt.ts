/**
 * A simulated channel in the wire format of `GET /public/v1/channels` (contracts/openapi/
 * kick-api.yaml `Channel`) at a moment: live state and viewers from {@link channelStateAt}.
 */
import type { Channel } from '../../../generated/openapi/kick-api.schemas.ts';
import { channelStateAt } from '../channelState.ts';
import type { SimChannel } from '../simulatedChannels.ts';
import { rfc3339Seconds } from '../traffic/ids.ts';

/** What Kick sends as `start_time` of an offline channel. */
const OFFLINE_START_TIME = '0001-01-01T00:00:00Z';

/** The channel as Kick would answer it at `nowMs`. */
export function kickChannelAt(channel: SimChannel, nowMs: number): Channel {
  const state = channelStateAt(channel, nowMs);
  return {
    broadcaster_user_id: channel.broadcasterUserId,
    slug: channel.slug,
    stream_title: channel.streamTitle,
    channel_description: `${channel.username} streams ${channel.category.name}`,
    banner_picture: `https://example.com/banners/${channel.broadcasterUserId}.webp`,
    category: { ...channel.category },
    active_subscribers_count: Math.round(channel.baseViewers / 4),
    canceled_subscribers_count: Math.round(channel.baseViewers / 40),
    stream: {
      is_live: state.isLive,
      is_mature: channel.isMature,
      language: channel.language,
      start_time: state.isLive ? rfc3339Seconds(state.startedAtMs) : OFFLINE_START_TIME,
      thumbnail: state.isLive ? `https://example.com/thumbnails/${channel.broadcasterUserId}.webp` : '',
      url: `https://kick.com/${channel.slug}`,
      viewer_count: state.viewerCount,
      custom_tags: [],
    },
  };
}

/** The channels matching `slugs` (case-insensitive; a renamed channel answers to both slugs). */
export function channelsBySlug(channels: readonly SimChannel[], slugs: readonly string[]): SimChannel[] {
  return slugs.flatMap((wanted) => {
    const slug = wanted.toLowerCase();
    return channels.filter((c) => c.slug === slug || c.rename?.slug === slug);
  });
}
