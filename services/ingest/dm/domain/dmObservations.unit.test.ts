import { describe, expect, it } from 'vitest';
import { EVENT_TYPES, eventCatalogue, type EventType } from '../../../../generated/asyncapi/catalogue.ts';
import { eventExamples } from '../../../../generated/asyncapi/examples.ts';
import { channelObservationOf, dmObservations, mergeSessions, sessionObservationOf, type DmUpkeepEvent, type StreamSessionObservation } from './dmObservations.ts';

const t = (iso: string): Date => new Date(iso);
const envelope = (n: number): string => `0190a000-0000-7000-8000-${String(n).padStart(12, '0')}`;

function event(eventType: EventType, data: unknown, time: string, n = 1): DmUpkeepEvent {
  return { eventType, data, time: t(time), envelopeId: envelope(n) };
}

/** Every example of every type, with the broadcaster the contract says it names. */
const allExamples = EVENT_TYPES.flatMap((type) => eventExamples[type].map((example) => ({ type, name: example.name, payload: example.payload as unknown })));

function expectedChannel(type: EventType, payload: unknown): { id: number; slug: string; username: string | null } | null {
  const p = payload as Record<string, Record<string, unknown> | undefined>;
  if (eventCatalogue[type].provider === 'kick') {
    const b = p.broadcaster ?? {};
    return { id: b.user_id as number, slug: b.channel_slug as string, username: (b.username as string | undefined) ?? null };
  }
  if (type === 'kick.viewer_probe.v1') {
    const q = payload as Record<string, unknown>;
    return { id: q.broadcaster_user_id as number, slug: q.slug as string, username: null };
  }
  return null;
}

describe('channelObservationOf over every generated example', () => {
  it.each(allExamples)('$type ($name) names its broadcaster, or nothing for Sumsub', ({ type, payload }) => {
    const want = expectedChannel(type, payload);
    const got = channelObservationOf(event(type, payload, '2025-01-01T00:00:00Z'));
    expect(got === null ? null : { id: got.broadcasterUserId, slug: got.slug, username: got.displayName }).toEqual(want);
  });

  it('skips a Kick event whose broadcaster has no slug (the channel cannot be named)', () => {
    const payload = { ...eventExamples['kick.channel.followed.v1'][0]?.payload, broadcaster: { user_id: 5, username: 'x' } };
    expect(channelObservationOf(event('kick.channel.followed.v1', payload, '2025-01-01T00:00:00Z'))).toBeNull();
  });
});

describe('sessionObservationOf', () => {
  const [started, ended] = eventExamples['kick.livestream.status.updated.v1'];
  const base = started?.payload;

  it.each([
    ['the documented start', started?.payload, { startedAt: '2025-01-01T00:00:00.000Z', endedAt: null, title: 'Stream Title' }],
    ['the documented end', ended?.payload, { startedAt: '2025-01-01T00:00:00.000Z', endedAt: '2025-01-01T04:00:00.000Z', title: 'Stream Title' }],
    ['an end without ended_at (closed at the event time)', { ...base, is_live: false, ended_at: null }, { startedAt: '2025-01-01T00:00:00.000Z', endedAt: '2025-01-01T05:00:00.000Z', title: 'Stream Title' }],
    ['an end before the start (dropped, the row would be refused)', { ...base, is_live: false, ended_at: '2024-12-31T00:00:00Z' }, { startedAt: '2025-01-01T00:00:00.000Z', endedAt: null, title: 'Stream Title' }],
    ['no started_at', { ...base, started_at: undefined }, null],
  ])('reads %s', (_name, payload, want) => {
    const got = sessionObservationOf(event('kick.livestream.status.updated.v1', payload, '2025-01-01T05:00:00Z'));
    expect(got === null ? null : { startedAt: got.startedAt.toISOString(), endedAt: got.endedAt?.toISOString() ?? null, title: got.title }).toEqual(want);
  });

  it('ignores every other type', () => {
    const payload = eventExamples['kick.livestream.metadata.updated.v1'][0]?.payload;
    expect(sessionObservationOf(event('kick.livestream.metadata.updated.v1', payload, '2025-01-01T05:00:00Z'))).toBeNull();
  });
});

describe('mergeSessions', () => {
  const start: StreamSessionObservation = { broadcasterUserId: 1, startedAt: t('2025-01-01T00:00:00Z'), endedAt: null, title: 'first', time: t('2025-01-01T00:00:02Z'), envelopeId: envelope(1) };
  const end: StreamSessionObservation = { ...start, endedAt: t('2025-01-01T04:00:00Z'), title: 'last', time: t('2025-01-01T04:00:03Z'), envelopeId: envelope(2) };

  it.each([
    ['start then end', start, end],
    ['end then start', end, start],
  ])('%s gives both times and the newer title', (_name, a, b) => {
    expect(mergeSessions(a, b)).toEqual({ ...end, endedAt: end.endedAt, title: 'last' });
  });

  it('is idempotent', () => {
    expect(mergeSessions(end, end)).toEqual(end);
  });

  it('keeps an older title when the newer observation has none', () => {
    expect(mergeSessions(start, { ...end, title: null }).title).toBe('first');
  });
});

describe('dmObservations', () => {
  const chat = eventExamples['kick.chat.message.sent.v1'][0]?.payload;
  const renamed = (slug: string, username: string): unknown => ({ ...chat, broadcaster: { ...chat?.broadcaster, channel_slug: slug, username } });

  it('keeps the latest observation per broadcaster whatever the batch order', () => {
    const events = [event('kick.chat.message.sent.v1', renamed('new', 'New'), '2025-01-02T00:00:00Z', 2), event('kick.chat.message.sent.v1', renamed('old', 'Old'), '2025-01-01T00:00:00Z', 1)];
    for (const batch of [events, [...events].reverse()]) {
      expect(dmObservations(batch).channels).toEqual([expect.objectContaining({ broadcasterUserId: 123456789, slug: 'new', displayName: 'New' })]);
    }
  });

  it('breaks a time tie by envelope id', () => {
    const events = [event('kick.chat.message.sent.v1', renamed('b', 'B'), '2025-01-01T00:00:00Z', 9), event('kick.chat.message.sent.v1', renamed('a', 'A'), '2025-01-01T00:00:00Z', 3)];
    expect(dmObservations(events).channels.map((c) => c.slug)).toEqual(['b']);
  });

  it('sorts channels by broadcaster id and merges one session per start', () => {
    const [started, ended] = eventExamples['kick.livestream.status.updated.v1'];
    const gifted = eventExamples['kick.channel.reward.redemption.updated.v1'][0]?.payload;
    const result = dmObservations([
      event('kick.livestream.status.updated.v1', ended?.payload, '2025-01-01T04:00:03Z', 2),
      event('kick.channel.reward.redemption.updated.v1', gifted, '2025-01-01T00:00:01Z', 3),
      event('kick.livestream.status.updated.v1', started?.payload, '2025-01-01T00:00:02Z', 1),
      event('sumsub.applicant_reviewed.v1', eventExamples['sumsub.applicant_reviewed.v1'][0]?.payload, '2025-01-01T00:00:00Z', 4),
    ]);
    expect(result.channels.map((c) => c.broadcasterUserId)).toEqual([333, 123456789]);
    expect(result.sessions).toHaveLength(1);
    expect(result.sessions[0]?.endedAt?.toISOString()).toBe('2025-01-01T04:00:00.000Z');
  });
});
