import { describe, expect, it } from 'vitest';
import { eventExamples } from '../../../../generated/asyncapi/examples.ts';
import { derivedEnvelopeId } from './recreatedEnvelopeId.ts';
import { revalidateRawEvent, type RawEvent } from './rawEvent.ts';

function chatRaw(edit: (payload: Record<string, unknown>) => void = () => undefined): RawEvent {
  const example = eventExamples['kick.chat.message.sent.v1'][0];
  if (example === undefined) throw new Error('no example');
  const payload = { ...(example.payload as unknown as Record<string, unknown>) };
  edit(payload);
  return {
    rawId: '0190a000-0000-7000-8000-000000000001',
    source: 'kick',
    type: 'kick.chat.message.sent.v1',
    providerMessageId: 'm-1',
    subject: '',
    receivedAt: new Date('2026-01-01T00:00:00.000Z'),
    providerTime: new Date(example.headers['kick-event-message-timestamp'] ?? ''),
    status: 'quarantined',
    headers: JSON.stringify(example.headers),
    body: JSON.stringify(payload),
    envelopeId: null,
  };
}

describe('revalidateRawEvent', () => {
  it("passes a valid Kick event whatever its age (the replay window is a receive-time rule)", () => {
    const verdict = revalidateRawEvent(chatRaw());
    expect(verdict).toMatchObject({ kind: 'valid', delivery: { eventType: 'kick.chat.message.sent.v1', source: 'kick' } });
  });

  it('reports a payload that fails today\'s schema', () => {
    expect(revalidateRawEvent(chatRaw((p) => delete p.broadcaster))).toMatchObject({ kind: 'not_passing', reason: 'INGEST_PAYLOAD_INVALID' });
  });

  it('reports a body past RAW_BODY_TTL_DAYS', () => {
    expect(revalidateRawEvent({ ...chatRaw(), body: '' })).toEqual({ kind: 'not_passing', reason: 'RAW_BODY_EXPIRED', errors: [] });
  });

  it('checks a viewer probe against its schema, keeping its scheduled minute as the time', () => {
    const example = eventExamples['kick.viewer_probe.v1'][0];
    const raw: RawEvent = { ...chatRaw(), source: 'ingest', type: 'kick.viewer_probe.v1', headers: '{}', body: JSON.stringify(example?.payload), providerTime: new Date('2026-01-01T00:05:00Z') };
    expect(revalidateRawEvent(raw)).toMatchObject({ kind: 'valid', delivery: { source: 'kick_probe', eventType: 'kick.viewer_probe.v1', providerTime: new Date('2026-01-01T00:05:00Z') } });
    expect(revalidateRawEvent({ ...raw, body: '{"probed_at":1}' })).toMatchObject({ kind: 'not_passing', reason: 'INGEST_PAYLOAD_INVALID' });
  });
});

describe('derivedEnvelopeId', () => {
  it('is a UUIDv7 at the receive time, the same for the same raw event and different for another', () => {
    const at = new Date('2026-01-01T00:00:00.123Z');
    const id = derivedEnvelopeId('raw-a', at);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(at.getTime());
    expect(derivedEnvelopeId('raw-a', at)).toBe(id);
    expect(derivedEnvelopeId('raw-b', at)).not.toBe(id);
  });
});
