import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { eventExamples } from '../../../../generated/asyncapi/examples.ts';
import type { Channel } from '../../../../generated/openapi/kick-api.schemas.ts';
import { probeDelivery, probeMessageId, probePayload, truncateToMinute } from './probeDelivery.ts';

const [liveExample, offlineExample] = eventExamples['kick.viewer_probe.v1'];
const minute = new Date('2026-11-21T10:05:00.000Z');
const receivedAt = new Date('2026-11-21T10:05:01.234Z');

// Kick's channel answer that carries the contract's "live" example.
const liveChannel: Channel = {
  broadcaster_user_id: 123456789,
  slug: 'broadcaster_channel',
  stream_title: 'Stream Title',
  channel_description: 'not part of a probe',
  category: { id: 123, name: 'Category name', thumbnail: 'https://example.invalid/c.png' },
  stream: { is_live: true, viewer_count: 1542, start_time: '2025-01-14T14:02:11Z', language: 'en', is_mature: false },
};

describe('probePayload', () => {
  it('maps a live channel to the contract example, probed at the scheduled minute', () => {
    expect(probePayload(liveChannel, minute)).toEqual({ ...liveExample?.payload, probed_at: '2026-11-21T10:05:00.000Z' });
  });

  it('reports an offline channel with no viewers and no start time, whatever Kick left in stream', () => {
    const offline: Channel = { ...liveChannel, stream: { ...liveChannel.stream, is_live: false, viewer_count: 3, start_time: '0001-01-01T00:00:00Z' } };
    expect(probePayload(offline, minute)).toEqual({ ...offlineExample?.payload, probed_at: '2026-11-21T10:05:00.000Z' });
  });

  it('treats a channel without a stream as offline and without a category as category null', () => {
    const bare: Channel = { broadcaster_user_id: 7, slug: 'bare', stream: null };
    expect(probePayload(bare, minute)).toEqual({ broadcaster_user_id: 7, probed_at: minute.toISOString(), is_live: false, viewer_count: 0, slug: 'bare', category: null, started_at: null });
  });

  it('counts a live stream without viewer_count as 0 viewers', () => {
    const noCount: Channel = { ...liveChannel, stream: { is_live: true } };
    expect(probePayload(noCount, minute)).toMatchObject({ is_live: true, viewer_count: 0, started_at: null });
  });
});

describe('probeDelivery', () => {
  it('builds a valid kick_probe delivery keyed by broadcaster and minute', () => {
    const result = probeDelivery(liveChannel, minute, receivedAt);
    if (result.kind !== 'valid') throw new Error(`expected a valid delivery, got ${JSON.stringify(result.errors)}`);
    const d = result.delivery;
    expect(d).toMatchObject({
      kind: 'valid',
      source: 'kick_probe',
      headers: {},
      receivedAt,
      providerMessageId: 'probe:123456789:2026-11-21T10:05:00.000Z',
      providerType: 'kick.viewer_probe',
      providerVersion: '1',
      dedupeKeys: [],
      eventType: 'kick.viewer_probe.v1',
      providerTime: minute,
      subject: 'kick/broadcaster/123456789',
      broadcasterUserId: 123456789,
    });
    expect(JSON.parse(d.rawBody.toString('utf8'))).toEqual(d.data);
    expect(d.bodySha256.equals(createHash('sha256').update(d.rawBody).digest())).toBe(true);
  });

  it('gives byte-identical deliveries for the same channel and minute (a retried poll dedupes)', () => {
    const a = probeDelivery(liveChannel, minute, receivedAt);
    const b = probeDelivery(liveChannel, minute, new Date('2026-11-21T10:07:00Z'));
    if (a.kind !== 'valid' || b.kind !== 'valid') throw new Error('expected valid deliveries');
    expect(b.delivery.providerMessageId).toBe(a.delivery.providerMessageId);
    expect(b.delivery.rawBody.equals(a.delivery.rawBody)).toBe(true);
  });

  it('refuses a channel whose answer does not fit the contract, with the validator errors', () => {
    const badStart: Channel = { ...liveChannel, stream: { ...liveChannel.stream, start_time: 'yesterday' } };
    const result = probeDelivery(badStart, minute, receivedAt);
    expect(result.kind).toBe('invalid');
    expect(result).toMatchObject({ broadcasterUserId: 123456789, errors: [expect.objectContaining({ instancePath: '/started_at' })] });
  });
});

describe('truncateToMinute and probeMessageId', () => {
  it('drops seconds and milliseconds', () => {
    expect(truncateToMinute(new Date('2026-11-21T10:05:59.999Z')).toISOString()).toBe('2026-11-21T10:05:00.000Z');
  });

  it('formats the message id with the ISO minute', () => {
    expect(probeMessageId(42, minute)).toBe('probe:42:2026-11-21T10:05:00.000Z');
  });
});
