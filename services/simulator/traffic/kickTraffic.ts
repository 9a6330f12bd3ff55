/**
 * The Kick side of the simulated traffic: an endless, reproducible sequence of webhook payloads
 * of all 10 Kick event types over the simulated channels, with the variety real channels show
 * (replies, anonymous gifts, timeouts and bans, streams starting and ending on schedule, reward
 * redemptions settling, one channel renamed part-way). Pure: the clock is an argument.
 */
import { eventCatalogue, kickEventType, type EventDataByType, type EventType } from '../../../generated/asyncapi/catalogue.ts';
import type { SimChannel } from '../simulatedChannels.ts';
import { channelStateAt } from '../channelState.ts';
import { channelFollowed, kicksGifted, subscriptionGifts, subscriptionNew, subscriptionRenewal } from './audienceEvents.ts';
import { chatMessage } from './chatMessages.ts';
import { createChannelContext, renameChannel, type KickChannelContext, type KickDraw } from './kickChannelContext.ts';
import { createViewers } from './kickUsers.ts';
import { moderationBan } from './moderationBans.ts';
import { createPrng } from './prng.ts';
import { rewardRedemption } from './rewardRedemptions.ts';
import { streamMetadataUpdate, streamStatusUpdate } from './streamEvents.ts';

/** A Kick event name (`Kick-Event-Type`). */
export type KickEventName =
  | 'chat.message.sent'
  | 'channel.followed'
  | 'channel.subscription.new'
  | 'channel.subscription.renewal'
  | 'channel.subscription.gifts'
  | 'channel.reward.redemption.updated'
  | 'livestream.status.updated'
  | 'livestream.metadata.updated'
  | 'moderation.banned'
  | 'kicks.gifted';

/** The versioned types of Kick webhooks (the viewer probe is ours, not a webhook). */
export type KickWebhookType = Exclude<Extract<EventType, `kick.${string}`>, 'kick.viewer_probe.v1'>;

type KickPayload = EventDataByType[KickWebhookType];

/** True for the types Kick sends as webhooks. */
export function isKickWebhookType(type: EventType): type is KickWebhookType {
  return eventCatalogue[type].provider === 'kick';
}

/** One generated Kick webhook, before headers and signing. */
export interface KickTrafficEvent {
  /** The versioned type, e.g. `kick.chat.message.sent.v1`. */
  readonly type: KickWebhookType;
  /** `Kick-Event-Type`; the version is always `1`. */
  readonly name: KickEventName;
  readonly broadcasterUserId: number;
  readonly payload: KickPayload;
}

/** Options of {@link createKickTraffic}. */
export interface KickTrafficOptions {
  readonly seed: number;
  readonly channels: readonly SimChannel[];
  /** Size of the viewer pool (default 400). */
  readonly viewers?: number;
}

/** The generator: call `next` with the current time for each event. */
export interface KickTraffic {
  next(nowMs: number): KickTrafficEvent;
}

type Generator = (context: KickChannelContext, draw: KickDraw) => KickPayload;

/** Relative frequency of each event type (stream status updates follow the schedule instead). */
const mix: readonly (readonly [Exclude<KickEventName, 'livestream.status.updated'>, number])[] = [
  ['chat.message.sent', 55],
  ['channel.followed', 10],
  ['channel.subscription.new', 5],
  ['channel.subscription.renewal', 4],
  ['channel.subscription.gifts', 3],
  ['channel.reward.redemption.updated', 6],
  ['livestream.metadata.updated', 3],
  ['moderation.banned', 4],
  ['kicks.gifted', 4],
];

const generators: Readonly<Record<Exclude<KickEventName, 'livestream.status.updated'>, Generator>> = {
  'chat.message.sent': chatMessage,
  'channel.followed': channelFollowed,
  'channel.subscription.new': subscriptionNew,
  'channel.subscription.renewal': subscriptionRenewal,
  'channel.subscription.gifts': subscriptionGifts,
  'channel.reward.redemption.updated': rewardRedemption,
  'livestream.metadata.updated': streamMetadataUpdate,
  'moderation.banned': moderationBan,
  'kicks.gifted': kicksGifted,
};

function event(name: KickEventName, context: KickChannelContext, payload: KickPayload): KickTrafficEvent {
  const type = kickEventType(name, '1');
  if (type === undefined || !isKickWebhookType(type)) throw new Error(`the event catalogue has no Kick event ${name} version 1`);
  return { type, name, broadcasterUserId: context.channel.broadcasterUserId, payload };
}

/** Creates the generator. */
export function createKickTraffic(options: KickTrafficOptions): KickTraffic {
  if (options.channels.length === 0) throw new RangeError('Kick traffic needs at least one channel');
  const prng = createPrng(options.seed);
  const viewers = createViewers(prng, options.viewers ?? 400);
  const contexts = options.channels.map((channel) => createChannelContext(channel, viewers));
  // The one slug change happens early enough to be seen in a short run.
  const renameAt = prng.int(100, 400);
  let count = 0;
  let statusCursor = 0;

  return {
    next(nowMs) {
      count += 1;
      const draw: KickDraw = { prng, viewers, nowMs };
      if (count === renameAt) for (const context of contexts) if (context.channel.rename !== null) renameChannel(context);
      // Due stream starts and ends first, one per call, taking channels in turn.
      for (let i = 0; i < contexts.length; i++) {
        const context = contexts[(statusCursor + i) % contexts.length];
        const update = context === undefined ? null : streamStatusUpdate(context, draw);
        if (context !== undefined && update !== null) {
          statusCursor = (statusCursor + i + 1) % contexts.length;
          return event('livestream.status.updated', context, update);
        }
      }
      const live = contexts.filter((c) => channelStateAt(c.channel, nowMs).isLive);
      let name = prng.weighted(mix);
      // Metadata changes only happen to live streams; chat mostly does.
      if (name === 'livestream.metadata.updated' && live.length === 0) name = 'chat.message.sent';
      const preferLive = name === 'livestream.metadata.updated' || (name === 'chat.message.sent' && prng.chance(0.9));
      const context = prng.pick(preferLive && live.length > 0 ? live : contexts);
      return event(name, context, generators[name](context, draw));
    },
  };
}
