/**
 * What the subscription sync should do (DESIGN §9), as a pure function of what dm knows and what
 * Kick lists: every tracked channel subscribed to exactly the required events, once each. Kick
 * accepts duplicate subscriptions and then delivers every event twice, so extra copies go; so do
 * subscriptions of channels no longer tracked, but only those we recorded ourselves.
 */
import type { EventSubscription } from '../../../../generated/openapi/kick-api.schemas.ts';
import type { KickEventRef } from '../../kickApi/kickApi.ts';
import { eventKey } from './kickSubscriptionEvents.ts';

/** A dm.streamer_channel the sync looks at: tracked, or with live dm.event_subscription rows. */
export interface PlanChannel {
  readonly streamerChannelId: string;
  readonly broadcasterUserId: number;
  readonly slug: string;
  readonly tracking: boolean;
}

/** A live dm.event_subscription row (deleted_at IS NULL). */
export interface PlanRow {
  readonly kickSubscriptionId: string;
  readonly streamerChannelId: string;
}

/** Why a subscription is deleted. */
export type DeletionReason = 'duplicate' | 'unwanted' | 'untracked';

/** A Kick subscription to delete. */
export interface PlannedDeletion {
  readonly kickSubscriptionId: string;
  readonly event: string;
  readonly version: number;
  readonly reason: DeletionReason;
}

/** The plan for one channel. */
export interface ChannelPlan {
  readonly channel: PlanChannel;
  /** Required events with no subscription: one POST creates them. */
  readonly create: readonly KickEventRef[];
  readonly delete: readonly PlannedDeletion[];
  /** Subscriptions that stay (the oldest of each required event): their rows are marked seen. */
  readonly keep: readonly EventSubscription[];
}

/** The whole plan. */
export interface SubscriptionPlan {
  /** Tracked channels (all of them, by slug), then untracked channels with something to delete. */
  readonly channels: readonly ChannelPlan[];
  /** Required subscriptions missing across tracked channels, before the sync. */
  readonly missingCount: number;
  /** Live rows whose subscription Kick no longer lists (Kick dropped it, or it was deleted elsewhere). */
  readonly goneKickSubscriptionIds: readonly string[];
  /** Kick subscriptions left alone: channels we do not track and never subscribed. */
  readonly ignoredCount: number;
}

/** Inputs of {@link planSubscriptions}. */
export interface PlanInput {
  readonly requiredEvents: readonly KickEventRef[];
  readonly channels: readonly PlanChannel[];
  readonly rows: readonly PlanRow[];
  readonly kickSubscriptions: readonly EventSubscription[];
}

function ageOrder(a: EventSubscription, b: EventSubscription): number {
  // Oldest first by Kick's created_at; an unreadable date sorts last; ties by id (ULIDs sort by time).
  const at = (s: EventSubscription) => {
    const ms = s.created_at === undefined ? Number.NaN : Date.parse(s.created_at);
    return Number.isNaN(ms) ? Number.POSITIVE_INFINITY : ms;
  };
  return at(a) - at(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function deletion(s: EventSubscription, reason: DeletionReason): PlannedDeletion {
  return { kickSubscriptionId: s.id, event: s.event, version: s.version, reason };
}

function planTracked(channel: PlanChannel, required: readonly KickEventRef[], subscriptions: readonly EventSubscription[]): ChannelPlan {
  const byEvent = Map.groupBy([...subscriptions].sort(ageOrder), (s) => eventKey({ name: s.event, version: s.version }));
  const requiredKeys = new Set(required.map(eventKey));
  const keep: EventSubscription[] = [];
  const remove: PlannedDeletion[] = [];
  for (const [key, copies] of byEvent) {
    if (!requiredKeys.has(key)) remove.push(...copies.map((s) => deletion(s, 'unwanted')));
    else {
      const [oldest, ...rest] = copies;
      if (oldest !== undefined) keep.push(oldest);
      remove.push(...rest.map((s) => deletion(s, 'duplicate')));
    }
  }
  return { channel, create: required.filter((e) => !byEvent.has(eventKey(e))), delete: remove, keep };
}

/** Plans the sync. Pure: same input, same plan. */
export function planSubscriptions(input: PlanInput): SubscriptionPlan {
  const channelById = new Map(input.channels.map((c) => [c.streamerChannelId, c]));
  const channelByBroadcaster = new Map(input.channels.map((c) => [c.broadcasterUserId, c]));
  const rowByKickId = new Map(input.rows.map((r) => [r.kickSubscriptionId, r]));
  const listed = new Set(input.kickSubscriptions.map((s) => s.id));

  const byChannel = new Map<string, EventSubscription[]>();
  let ignoredCount = 0;
  for (const subscription of input.kickSubscriptions) {
    // Kick's list names the broadcaster; when it does not, our own row says whose it is.
    const row = rowByKickId.get(subscription.id);
    const channel =
      subscription.broadcaster_user_id === undefined ? (row === undefined ? undefined : channelById.get(row.streamerChannelId)) : channelByBroadcaster.get(subscription.broadcaster_user_id);
    const ours = channel !== undefined && (channel.tracking || row !== undefined);
    if (channel === undefined || !ours) ignoredCount += 1;
    else byChannel.set(channel.streamerChannelId, [...(byChannel.get(channel.streamerChannelId) ?? []), subscription]);
  }

  const tracked = input.channels.filter((c) => c.tracking).sort((a, b) => a.slug.localeCompare(b.slug) || a.broadcasterUserId - b.broadcasterUserId);
  const trackedPlans = tracked.map((c) => planTracked(c, input.requiredEvents, byChannel.get(c.streamerChannelId) ?? []));
  const untrackedPlans = input.channels
    .filter((c) => !c.tracking && byChannel.has(c.streamerChannelId))
    .sort((a, b) => a.slug.localeCompare(b.slug))
    .map((c): ChannelPlan => ({ channel: c, create: [], keep: [], delete: [...(byChannel.get(c.streamerChannelId) ?? [])].sort(ageOrder).map((s) => deletion(s, 'untracked')) }));

  return {
    channels: [...trackedPlans, ...untrackedPlans],
    missingCount: trackedPlans.reduce((sum, p) => sum + p.create.length, 0),
    goneKickSubscriptionIds: input.rows.filter((r) => !listed.has(r.kickSubscriptionId)).map((r) => r.kickSubscriptionId),
    ignoredCount,
  };
}
