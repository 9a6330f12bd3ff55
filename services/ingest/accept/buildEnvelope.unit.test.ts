import { describe, expect, it } from 'vitest';
import { validateEnvelope } from '../../../generated/asyncapi/catalogue.ts';
import { buildEnvelope, POLLER_SOURCE, WEBHOOK_SOURCE } from './buildEnvelope.ts';
import { KICK_TYPES, kickDelivery, probeDelivery, sumsubDelivery } from './test/deliveries.ts';

const ids = { envelopeId: '01946592-7c51-781a-8513-e991a5f80b16', rawEventId: '01946592-7c51-7bc6-909b-37a865524599' };

describe('buildEnvelope', () => {
  it.each(KICK_TYPES)('wraps a %s webhook in an envelope the contract accepts', (type) => {
    const delivery = kickDelivery(type, { nonce: 1 });
    const envelope = buildEnvelope(delivery, ids);
    expect(validateEnvelope(envelope), JSON.stringify(validateEnvelope.errors)).toBe(true);
    expect(envelope).toMatchObject({
      specversion: '1.0',
      id: ids.envelopeId,
      source: WEBHOOK_SOURCE,
      type,
      subject: delivery.subject,
      time: delivery.providerTime.toISOString(),
      datacontenttype: 'application/json',
      dataschema: `urn:vf:schema:${type}`,
      data: delivery.data,
      vfreceivedat: delivery.receivedAt.toISOString(),
      vfprovidermsgid: delivery.providerMessageId,
      vfrawid: ids.rawEventId,
    });
  });

  it('names a Sumsub delivery by the SHA-256 of its body, since Sumsub sends no message id', () => {
    const delivery = sumsubDelivery();
    const envelope = buildEnvelope(delivery, ids);
    expect(validateEnvelope(envelope)).toBe(true);
    expect(envelope.vfprovidermsgid).toBe(delivery.bodySha256.toString('hex'));
    expect(envelope.time).toBe('2020-02-21T13:23:19.321Z');
  });

  it('gives a viewer probe the poller as source and its scheduled minute as time', () => {
    const envelope = buildEnvelope(probeDelivery('2025-01-14T16:08:00Z'), ids);
    expect(validateEnvelope(envelope)).toBe(true);
    expect(envelope).toMatchObject({ source: POLLER_SOURCE, time: '2025-01-14T16:08:00.000Z', vfprovidermsgid: 'probe:123456789:2025-01-14T16:08:00Z' });
  });

  it('keeps the millisecond of the receive time', () => {
    const envelope = buildEnvelope(kickDelivery(undefined, { receivedAt: new Date('2025-01-14T16:08:06.481Z') }), ids);
    expect(envelope.vfreceivedat).toBe('2025-01-14T16:08:06.481Z');
  });

  it('throws INGEST_ENVELOPE_INVALID with the errors when the envelope breaks the contract', () => {
    const broken = { ...kickDelivery(), subject: '' };
    expect(() => buildEnvelope(broken, ids)).toThrow(expect.objectContaining({ code: 'INGEST_ENVELOPE_INVALID', details: expect.objectContaining({ errors: expect.any(Array) }) }));
    expect(() => buildEnvelope({ ...kickDelivery(), data: [1] }, ids)).toThrow(expect.objectContaining({ code: 'INGEST_ENVELOPE_INVALID' }));
  });
});
