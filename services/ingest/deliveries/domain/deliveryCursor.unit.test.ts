import { describe, expect, it } from 'vitest';
import { decodeDeliveryCursor, encodeDeliveryCursor, isDeliveryId } from './deliveryCursor.ts';

describe('delivery cursor', () => {
  it('round-trips a delivery id', () => {
    expect(decodeDeliveryCursor(encodeDeliveryCursor('9223372036854775807'))).toBe('9223372036854775807');
  });

  it.each(['nope', '', 'cTE6MTI', Buffer.from('d1:0').toString('base64url'), Buffer.from('d1:9223372036854775808').toString('base64url')])(
    'refuses %j as INGEST_QUERY_INVALID',
    (cursor) => {
      expect(() => decodeDeliveryCursor(cursor)).toThrow(expect.objectContaining({ code: 'INGEST_QUERY_INVALID' }));
    },
  );

  it.each([
    ['1', true],
    ['42', true],
    ['0', false],
    ['-1', false],
    ['01', false],
    ['1.5', false],
  ])('isDeliveryId(%j) is %s', (id, want) => {
    expect(isDeliveryId(id)).toBe(want);
  });
});
