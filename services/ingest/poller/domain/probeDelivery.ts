/**
 * Turns one channel of Kick's `GET /public/v1/channels` answer into a `kick.viewer_probe.v1`
 * delivery for the accept path. Pure: the same channel and minute always give the same bytes,
 * the same message id and so the same dedupe, which is what makes a retried poll harmless.
 */
import { createHash } from 'node:crypto';
import { eventCatalogue } from '../../../../generated/asyncapi/catalogue.ts';
import type { KickViewerProbeV1 } from '../../../../generated/asyncapi/types.ts';
import type { Channel } from '../../../../generated/openapi/kick-api.schemas.ts';
import type { ValidDelivery } from '../../accept/delivery.ts';

const probeType = 'kick.viewer_probe.v1';

/** The result of {@link probeDelivery}: a delivery, or why the channel does not fit the contract. */
export type ProbeDeliveryResult =
  | { readonly kind: 'valid'; readonly delivery: ValidDelivery }
  | { readonly kind: 'invalid'; readonly broadcasterUserId: number; readonly errors: readonly unknown[] };

/** The minute `time` falls in (UTC, seconds and milliseconds zero): a probe's `probed_at`. */
export function truncateToMinute(time: Date): Date {
  return new Date(Math.floor(time.getTime() / 60_000) * 60_000);
}

/** `probe:<broadcaster_user_id>:<scheduled minute ISO>`: the inbox's unique message id of a probe. */
export function probeMessageId(broadcasterUserId: number, scheduledMinute: Date): string {
  return `probe:${String(broadcasterUserId)}:${scheduledMinute.toISOString()}`;
}

/**
 * The probe payload (contracts/asyncapi.yaml `kickViewerProbeV1`). A channel with no stream, or
 * a stream that is not live, is offline: no viewers and no start time (Kick keeps a stale
 * `start_time` on offline channels). Optional fields are left out when Kick left them out.
 */
export function probePayload(channel: Channel, scheduledMinute: Date): KickViewerProbeV1 {
  const stream = channel.stream ?? null;
  const isLive = stream?.is_live === true;
  const category = channel.category;
  const payload: KickViewerProbeV1 = {
    broadcaster_user_id: channel.broadcaster_user_id,
    probed_at: scheduledMinute.toISOString(),
    is_live: isLive,
    viewer_count: isLive ? (stream.viewer_count ?? 0) : 0,
    slug: channel.slug,
  };
  if (channel.stream_title !== undefined) payload.stream_title = channel.stream_title;
  payload.category =
    category === undefined || (category.id === undefined && category.name === undefined)
      ? null
      : { ...(category.id === undefined ? {} : { id: category.id }), ...(category.name === undefined ? {} : { name: category.name }) };
  payload.started_at = isLive ? (stream.start_time ?? null) : null;
  if (stream?.language !== undefined) payload.language = stream.language;
  return payload;
}

/**
 * The delivery of one probe, checked with the catalogue's validator. `receivedAt` is when the
 * poller read Kick's answer; the envelope `time` is the scheduled minute (DESIGN §4).
 */
export function probeDelivery(channel: Channel, scheduledMinute: Date, receivedAt: Date): ProbeDeliveryResult {
  const entry = eventCatalogue[probeType];
  const payload = probePayload(channel, scheduledMinute);
  if (entry.validateData(payload) !== true) {
    return { kind: 'invalid', broadcasterUserId: channel.broadcaster_user_id, errors: [...(entry.validateData.errors ?? [])] };
  }
  const rawBody = Buffer.from(JSON.stringify(payload), 'utf8');
  return {
    kind: 'valid',
    delivery: {
      kind: 'valid',
      source: 'kick_probe',
      rawBody,
      headers: {},
      receivedAt,
      providerMessageId: probeMessageId(channel.broadcaster_user_id, scheduledMinute),
      providerType: 'kick.viewer_probe',
      providerVersion: '1',
      bodySha256: createHash('sha256').update(rawBody).digest(),
      // The inbox's unique (source, provider_message_id) dedupes a retried poll; no time-limited key needed.
      dedupeKeys: [],
      eventType: probeType,
      data: payload,
      providerTime: scheduledMinute,
      subject: entry.subjectOf(payload),
      broadcasterUserId: channel.broadcaster_user_id,
    },
  };
}
