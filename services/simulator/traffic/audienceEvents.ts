/**
 * What viewers do for a channel besides chatting: follow it, subscribe (new or renewal), gift
 * subscriptions (named or anonymous, one or many giftees) and gift KICKs (providers.md §1.5).
 */
import type {
  KickChannelFollowedV1,
  KickChannelSubscriptionGiftsV1,
  KickChannelSubscriptionNewV1,
  KickChannelSubscriptionRenewalV1,
  KickGifter,
  KickKicksGiftedV1,
} from '../../../generated/asyncapi/types.ts';
import { rfc3339Millis, rfc3339Seconds } from './ids.ts';
import type { KickChannelContext, KickDraw } from './kickChannelContext.ts';
import { createViewers, kickUser, kickUserReduced, type SimViewer } from './kickUsers.ts';

const MONTH_MS = 30 * 24 * 3600 * 1000;

/**
 * `channel.followed` by someone who does not follow yet: a viewer of the pool, or once most of
 * them follow, a newcomer. The payload has no time or id, so a repeated follower would repeat a body.
 */
export function channelFollowed(context: KickChannelContext, draw: KickDraw): KickChannelFollowedV1 {
  const { prng } = draw;
  let follower = prng.pick(draw.viewers);
  for (let tries = 0; context.followers.has(follower.userId) && tries < 5; tries++) follower = prng.pick(draw.viewers);
  while (context.followers.has(follower.userId)) follower = createViewers(prng, 1)[0] ?? follower;
  context.followers.add(follower.userId);
  return { broadcaster: kickUser(context.broadcaster), follower: kickUser(follower) };
}

/** `channel.subscription.new`: a first subscription, one month. */
export function subscriptionNew(context: KickChannelContext, draw: KickDraw): KickChannelSubscriptionNewV1 {
  return {
    broadcaster: kickUser(context.broadcaster),
    subscriber: kickUser(draw.prng.pick(draw.viewers)),
    duration: 1,
    created_at: rfc3339Seconds(draw.nowMs),
    expires_at: rfc3339Seconds(draw.nowMs + MONTH_MS),
  };
}

/** `channel.subscription.renewal`: `duration` is the months subscribed so far. */
export function subscriptionRenewal(context: KickChannelContext, draw: KickDraw): KickChannelSubscriptionRenewalV1 {
  return {
    broadcaster: kickUser(context.broadcaster),
    subscriber: kickUser(draw.prng.pick(draw.viewers)),
    duration: draw.prng.int(2, 37),
    created_at: rfc3339Seconds(draw.nowMs),
    expires_at: rfc3339Seconds(draw.nowMs + MONTH_MS),
  };
}

/** An anonymous gifter: Kick nulls every field but `is_anonymous`. */
const anonymousGifter: KickGifter = { is_anonymous: true, user_id: null, username: null, is_verified: null, profile_picture: null, channel_slug: null, identity: null };

/** `channel.subscription.gifts`: a named or anonymous gifter, 1 to 50 distinct giftees. */
export function subscriptionGifts(context: KickChannelContext, draw: KickDraw): KickChannelSubscriptionGiftsV1 {
  const { prng } = draw;
  const gifter = prng.pick(draw.viewers);
  const wanted = Math.min(
    prng.weighted([
      [1, 6],
      [5, 3],
      [10, 2],
      [prng.int(2, 5), 2],
      [50, 0.3],
    ] as const),
    draw.viewers.length - 1,
  );
  const giftees = new Map<number, SimViewer>();
  while (giftees.size < wanted) {
    const giftee = prng.pick(draw.viewers);
    if (giftee.userId !== gifter.userId) giftees.set(giftee.userId, giftee);
  }
  return {
    broadcaster: kickUser(context.broadcaster),
    gifter: prng.chance(0.25) ? { ...anonymousGifter } : kickUser(gifter),
    giftees: [...giftees.values()].map((giftee) => kickUser(giftee)),
    created_at: rfc3339Seconds(draw.nowMs),
    expires_at: rfc3339Seconds(draw.nowMs + MONTH_MS),
  };
}

/** KICK gifts: Kick documents only `LEVEL_UP` / `MID`; the other values are plausible guesses. */
interface KickGift {
  readonly name: string;
  readonly amount: number;
  readonly type: string;
  readonly tier: string;
  readonly pinned_time_seconds: number;
}

const gifts: readonly [KickGift, KickGift, KickGift, KickGift] = [
  { name: 'Hell Yeah', amount: 1, type: 'BASIC', tier: 'BASIC', pinned_time_seconds: 0 },
  { name: 'Full Send', amount: 50, type: 'BASIC', tier: 'LOW', pinned_time_seconds: 60 },
  { name: 'Rage Quit', amount: 500, type: 'LEVEL_UP', tier: 'MID', pinned_time_seconds: 600 },
  { name: 'Stream Sniper', amount: 1000, type: 'LEVEL_UP', tier: 'HIGH', pinned_time_seconds: 1200 },
];

const giftMessages = ['w', 'love the stream', '', 'gg', 'for the hydrate fund', 'LETS GO'];

/** `kicks.gifted`. */
export function kicksGifted(context: KickChannelContext, draw: KickDraw): KickKicksGiftedV1 {
  const { prng } = draw;
  const gift = prng.weighted<KickGift>([
    [gifts[0], 8],
    [gifts[1], 4],
    [gifts[2], 2],
    [gifts[3], 1],
  ]);
  return {
    broadcaster: kickUserReduced(context.broadcaster),
    sender: kickUserReduced(prng.pick(draw.viewers)),
    gift: { ...gift, message: prng.pick(giftMessages) },
    created_at: rfc3339Millis(draw.nowMs),
  };
}
