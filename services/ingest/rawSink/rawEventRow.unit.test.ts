import { describe, expect, it } from 'vitest';
import { rawEventRow, type InboxRowForSink } from './rawEventRow.ts';

const receivedAt = new Date('2026-01-02T03:04:05.678Z');

function inboxRow(overrides: Partial<InboxRowForSink>): InboxRowForSink {
  return {
    source: 'kick',
    status: 'quarantined',
    providerMessageId: 'msg-1',
    eventType: null,
    eventVersion: null,
    bodySha256Hex: 'ab'.repeat(32),
    rawBody: Buffer.from('{}'),
    rawHeaders: {},
    rawEventId: '01946592-7c51-7bc6-909b-37a865524599',
    envelopeId: null,
    receivedAt,
    outboxType: null,
    outboxSubject: null,
    outboxTime: null,
    quarantineReason: 'INGEST_PAYLOAD_INVALID',
    ...overrides,
  };
}

describe('rawEventRow', () => {
  const cases: { name: string; given: Partial<InboxRowForSink>; want: Partial<ReturnType<typeof rawEventRow>> }[] = [
    {
      name: 'a quarantined Kick event of a known type keeps the versioned type, its channel and its signed time',
      given: {
        eventType: 'chat.message.sent',
        eventVersion: '1',
        rawBody: Buffer.from('{"broadcaster":{"user_id":42}}'),
        rawHeaders: { 'kick-event-message-timestamp': '2026-01-02T01:00:00.250Z' },
      },
      want: { type: 'kick.chat.message.sent.v1', broadcaster_user_id: 42, provider_time: '2026-01-02 01:00:00.250', quarantine_reason: 'INGEST_PAYLOAD_INVALID', subject: '' },
    },
    {
      name: 'an unknown Kick version keeps the provider type',
      given: { eventType: 'chat.message.sent', eventVersion: '2' },
      want: { type: 'chat.message.sent' },
    },
    {
      name: 'a body that is not JSON has no channel, and falls back to the receive time',
      given: { eventType: 'x', rawBody: Buffer.from('<xml/>'), rawHeaders: { 'kick-event-message-timestamp': 'yesterday' } },
      want: { broadcaster_user_id: 0, provider_time: '2026-01-02 03:04:05.678', body: '<xml/>' },
    },
    {
      name: 'Sumsub: the body digest is the message id, createdAtMs read as UTC is the time, no channel',
      given: { source: 'sumsub', providerMessageId: null, eventType: 'applicantTeleported', rawBody: Buffer.from('{"createdAtMs":"2020-02-21 13:23:19.321","broadcaster_user_id":5}') },
      want: { source: 'sumsub', type: 'applicantTeleported', provider_message_id: 'ab'.repeat(32), provider_time: '2020-02-21 13:23:19.321', broadcaster_user_id: 0 },
    },
    {
      name: 'an accepted viewer probe is an ingest event, with the outbox subject, time and envelope',
      given: {
        source: 'kick_probe',
        status: 'accepted',
        envelopeId: '01946592-67d1-7d67-a6bc-e1a9ba32cc5b',
        rawBody: Buffer.from('{"broadcaster_user_id":123456789}'),
        outboxType: 'kick.viewer_probe.v1',
        outboxSubject: 'kick/broadcaster/123456789',
        outboxTime: new Date('2025-01-14T16:08:00Z'),
        quarantineReason: null,
      },
      want: { source: 'ingest', type: 'kick.viewer_probe.v1', subject: 'kick/broadcaster/123456789', broadcaster_user_id: 123456789, provider_time: '2025-01-14 16:08:00.000', status: 'accepted', quarantine_reason: '', envelope_id: '01946592-67d1-7d67-a6bc-e1a9ba32cc5b' },
    },
    {
      name: 'a viewer probe gets its versioned type from the inbox even without its outbox row (retention)',
      given: { source: 'kick_probe', status: 'accepted', eventType: 'kick.viewer_probe', eventVersion: '1', rawBody: Buffer.from('{"broadcaster_user_id":9,"probed_at":"2025-01-14T16:08:00Z"}') },
      want: { source: 'ingest', type: 'kick.viewer_probe.v1', broadcaster_user_id: 9, provider_time: '2025-01-14 16:08:00.000' },
    },
    {
      name: 'a released quarantine entry is stored as accepted, without its old reason; the channel may come from the subject',
      given: { status: 'accepted', rawBody: Buffer.from('[]'), outboxSubject: 'kick/broadcaster/77', outboxType: 'kick.channel.followed.v1' },
      want: { status: 'accepted', quarantine_reason: '', broadcaster_user_id: 77, type: 'kick.channel.followed.v1' },
    },
    {
      name: 'headers are stored as JSON text',
      given: { rawHeaders: { 'kick-event-type': 'chat.message.sent', 'content-type': 'application/json' } },
      want: { headers: '{"kick-event-type":"chat.message.sent","content-type":"application/json"}' },
    },
  ];

  for (const { name, given, want } of cases) {
    it(name, () => {
      expect(rawEventRow(inboxRow(given))).toMatchObject(want);
    });
  }
});
