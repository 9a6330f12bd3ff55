/**
 * What the Kick event generators know about one simulated channel while traffic runs: its
 * broadcaster under the current slug, its moderators and rewards, recent chat (for replies) and
 * reward redemptions still pending. Mutable on purpose: generators append to it as they go.
 */
import type { SimChannel } from '../simulatedChannels.ts';
import { createPrng, hash32, type Prng } from './prng.ts';
import { broadcasterOf, type SimViewer } from './kickUsers.ts';
import { stableUlid } from './ids.ts';

/** A channel-points reward. */
export interface SimReward {
  readonly id: string;
  readonly title: string;
  readonly cost: number;
  readonly description: string;
  /** Whether redeeming asks for text. */
  readonly takesInput: boolean;
}

/** A chat message a later one may reply to. */
export interface RecentMessage {
  readonly messageId: string;
  readonly content: string;
  readonly sender: SimViewer;
}

/** A redemption waiting for the broadcaster to accept or reject it. */
export interface PendingRedemption {
  readonly id: string;
  readonly reward: SimReward;
  readonly redeemer: SimViewer;
  readonly userInput: string;
  readonly redeemedAtMs: number;
}

/** One channel's traffic state. */
export interface KickChannelContext {
  readonly channel: SimChannel;
  broadcaster: SimViewer;
  renamed: boolean;
  readonly moderators: readonly SimViewer[];
  readonly rewards: readonly SimReward[];
  readonly recentMessages: RecentMessage[];
  readonly pendingRedemptions: PendingRedemption[];
  /**
   * The live state last announced by a `livestream.status.updated`. Starts false, so a channel
   * already live when the simulation starts is announced as started (with its real start time).
   */
  announcedLive: boolean;
  /** Who follows the channel already: nobody follows twice. */
  readonly followers: Set<number>;
  /** Metadata updates so far, which numbers each update's title. */
  metadataUpdates: number;
}

/** What every generator draws from. */
export interface KickDraw {
  readonly prng: Prng;
  readonly viewers: readonly SimViewer[];
  readonly nowMs: number;
}

const rewardCatalogue = [
  { title: 'Hydrate!', cost: 100, description: 'Make me drink some water', takesInput: false },
  { title: 'Song request', cost: 500, description: 'Pick the next song', takesInput: true },
  { title: 'Unban request', cost: 1000, description: 'Only good reasons pls', takesInput: true },
  { title: 'Choose my loadout', cost: 2500, description: 'Tell me what to play next round', takesInput: true },
  { title: 'Shoutout', cost: 5000, description: 'Get a shoutout on stream', takesInput: false },
] as const;

/** How many recent messages are kept for replies. */
export const RECENT_MESSAGES_KEPT = 20;

/** The starting context of `channel`; moderators come from `viewers`. */
export function createChannelContext(channel: SimChannel, viewers: readonly SimViewer[]): KickChannelContext {
  // Per-channel choices from the channel's own id, so they do not depend on the traffic seed's draws.
  const prng = createPrng(hash32(`channel:${channel.broadcasterUserId}`));
  const moderators = Array.from({ length: prng.int(1, 4) }, () => prng.pick(viewers));
  const rewards = rewardCatalogue.filter(() => prng.chance(0.7)).map((r) => ({ ...r, id: stableUlid(`reward:${channel.broadcasterUserId}:${r.title}`) }));
  return {
    channel,
    broadcaster: broadcasterOf(channel, false),
    renamed: false,
    moderators,
    rewards: rewards.length > 0 ? rewards : [{ ...rewardCatalogue[0], id: stableUlid(`reward:${channel.broadcasterUserId}:default`) }],
    recentMessages: [],
    pendingRedemptions: [],
    announcedLive: false,
    followers: new Set(),
    metadataUpdates: 0,
  };
}

/** Renames the channel (its one slug change): every later payload carries the new slug. */
export function renameChannel(context: KickChannelContext): void {
  context.renamed = true;
  context.broadcaster = broadcasterOf(context.channel, true);
}
