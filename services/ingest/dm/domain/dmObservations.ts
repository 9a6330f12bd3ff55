/**
 * What a batch of accepted events says about Kick channels and streams (DESIGN §8, issue "dm
 * upkeep"), reduced to one observation per channel and one per stream session, so the SQL that
 * applies them touches each row at most once per statement (ON CONFLICT DO UPDATE cannot update a
 * row twice in one statement) and in a stable order (concurrent batches lock rows in the same
 * order and cannot deadlock).
 *
 * Ordering rule everywhere: an observation is newer when its `time` is later, ties broken by the
 * envelope id (UUIDv7, so receive order), which makes the result independent of batch order.
 */
import { eventCatalogue, type EventType } from '../../../../generated/asyncapi/catalogue.ts';

/** One accepted event as the outbox writer hands it over (`data` already validated for `eventType`). */
export interface DmUpkeepEvent {
  readonly eventType: EventType;
  readonly data: unknown;
  /** The envelope `time` (Kick message timestamp, a probe's scheduled minute). */
  readonly time: Date;
  readonly envelopeId: string;
}

/** The latest slug and display name seen for one broadcaster in a batch. */
export interface ChannelObservation {
  readonly broadcasterUserId: number;
  readonly slug: string;
  /** Kick `username`; null when the event did not carry one (probes never do). */
  readonly displayName: string | null;
  readonly time: Date;
  readonly envelopeId: string;
}

/** One stream session as a batch of `livestream.status.updated` events describes it. */
export interface StreamSessionObservation {
  readonly broadcasterUserId: number;
  /** The session key with the channel. */
  readonly startedAt: Date;
  /** Null while live (or when the only end seen was before the start, which cannot be stored). */
  readonly endedAt: Date | null;
  readonly title: string | null;
  readonly time: Date;
  readonly envelopeId: string;
}

/** Both kinds of observation, each sorted by broadcaster id (then start). */
export interface DmObservations {
  readonly channels: readonly ChannelObservation[];
  readonly sessions: readonly StreamSessionObservation[];
}

type Fields = Readonly<Record<string, unknown>>;

function fieldsOf(value: unknown): Fields | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Fields) : null;
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function userId(value: unknown): number | null {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : null;
}

function instant(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** True when `a` was observed after `b` (time, then envelope id). */
export function isNewer(a: { time: Date; envelopeId: string }, b: { time: Date; envelopeId: string }): boolean {
  const dt = a.time.getTime() - b.time.getTime();
  return dt !== 0 ? dt > 0 : a.envelopeId > b.envelopeId;
}

/** The channel an event names: a Kick event's `broadcaster`, a probe's `broadcaster_user_id` and `slug`. */
export function channelObservationOf(event: DmUpkeepEvent): ChannelObservation | null {
  const data = fieldsOf(event.data);
  if (data === null) return null;
  const provider = eventCatalogue[event.eventType].provider;
  const base = { time: event.time, envelopeId: event.envelopeId };
  if (provider === 'kick') {
    const broadcaster = fieldsOf(data.broadcaster);
    const id = userId(broadcaster?.user_id);
    const slug = text(broadcaster?.channel_slug);
    // The slug is the channel's required name: an event without one cannot create or rename it.
    return id === null || slug === null ? null : { ...base, broadcasterUserId: id, slug, displayName: text(broadcaster?.username) };
  }
  if (event.eventType === 'kick.viewer_probe.v1') {
    const id = userId(data.broadcaster_user_id);
    const slug = text(data.slug);
    return id === null || slug === null ? null : { ...base, broadcasterUserId: id, slug, displayName: null };
  }
  return null;
}

/** The session a `livestream.status.updated` event describes; null for other events or without `started_at`. */
export function sessionObservationOf(event: DmUpkeepEvent): StreamSessionObservation | null {
  if (event.eventType !== 'kick.livestream.status.updated.v1') return null;
  const data = fieldsOf(event.data);
  const id = userId(fieldsOf(data?.broadcaster)?.user_id);
  const startedAt = instant(data?.started_at);
  if (data === null || id === null || startedAt === null) return null;
  // Ended: Kick's ended_at; an end without one closes the session at the event time.
  let endedAt = data.is_live === false ? (instant(data.ended_at) ?? event.time) : instant(data.ended_at);
  // stream_session_valid_range: an end before the start is provider noise, never a failed acceptance.
  if (endedAt !== null && endedAt.getTime() < startedAt.getTime()) endedAt = null;
  return { broadcasterUserId: id, startedAt, endedAt, title: text(data.title), time: event.time, envelopeId: event.envelopeId };
}

/**
 * Two observations of one session, merged the way the SQL upsert merges a stored row with a new
 * one: the newer observation's title and end win when it has them, an end is never cleared.
 */
export function mergeSessions(a: StreamSessionObservation, b: StreamSessionObservation): StreamSessionObservation {
  const [newer, older] = isNewer(b, a) ? [b, a] : [a, b];
  return {
    ...newer,
    endedAt: newer.endedAt ?? older.endedAt,
    title: newer.title ?? older.title,
  };
}

function byBroadcaster(a: { broadcasterUserId: number }, b: { broadcasterUserId: number }): number {
  return a.broadcasterUserId - b.broadcasterUserId;
}

/** Reduces a batch to one channel observation per broadcaster and one session per (broadcaster, start). */
export function dmObservations(events: readonly DmUpkeepEvent[]): DmObservations {
  const channels = new Map<number, ChannelObservation>();
  const sessions = new Map<string, StreamSessionObservation>();
  for (const event of events) {
    const channel = channelObservationOf(event);
    const seen = channel === null ? undefined : channels.get(channel.broadcasterUserId);
    if (channel !== null && (seen === undefined || isNewer(channel, seen))) channels.set(channel.broadcasterUserId, channel);
    const session = sessionObservationOf(event);
    if (session !== null) {
      const key = `${String(session.broadcasterUserId)}@${String(session.startedAt.getTime())}`;
      const prior = sessions.get(key);
      sessions.set(key, prior === undefined ? session : mergeSessions(prior, session));
    }
  }
  return {
    channels: [...channels.values()].sort(byBroadcaster),
    sessions: [...sessions.values()].sort((a, b) => byBroadcaster(a, b) || a.startedAt.getTime() - b.startedAt.getTime()),
  };
}
