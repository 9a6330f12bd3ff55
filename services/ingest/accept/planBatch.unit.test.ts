import { describe, expect, it } from 'vitest';
import type { Delivery } from './delivery.ts';
import { dedupeKeyIdentity, identitiesOf, messageIdentity, planBatch, resultsOf, type Original } from './planBatch.ts';
import { kickDelivery, quarantined, sumsubDelivery } from './test/deliveries.ts';

const now = new Date();

function plan(deliveries: readonly Delivery[], originals: ReadonlyMap<string, Original> = new Map()): ReturnType<typeof resultsOf> {
  let n = 0;
  return resultsOf(planBatch(deliveries, originals, now, () => `00000000-0000-7000-8000-${String(++n).padStart(12, '0')}`));
}

describe('planBatch', () => {
  it('takes the message id and the live dedupe keys as identities, not the expired ones', () => {
    const d = kickDelivery(undefined, { messageId: 'm1' });
    expect(identitiesOf(d, now)).toEqual([messageIdentity('kick', 'm1'), dedupeKeyIdentity(d.dedupeKeys[0]?.key ?? '')]);
    expect(identitiesOf(d, new Date(now.getTime() + 2 * 24 * 3600 * 1000))).toEqual([messageIdentity('kick', 'm1')]);
    expect(identitiesOf(sumsubDelivery(), now)).toHaveLength(1);
  });

  it('answers later deliveries sharing an identity with an earlier one as its duplicates, through chains of overlaps', () => {
    const a = kickDelivery(undefined, { nonce: 'x', messageId: 'a' });
    const b = kickDelivery(undefined, { nonce: 'x', messageId: 'b' }); // same body as a
    const c = kickDelivery(undefined, { nonce: 'y', messageId: 'b' }); // same id as b, new body
    const d = kickDelivery(undefined, { nonce: 'y', messageId: 'd' }); // same body as c
    const [ra, rb, rc, rd] = plan([a, b, c, d]);
    expect(ra).toMatchObject({ kind: 'accepted' });
    for (const r of [rb, rc, rd]) expect(r).toMatchObject({ kind: 'duplicate', originalStatus: 'accepted', envelopeId: ra?.kind === 'accepted' ? ra.envelopeId : 'none' });
  });

  it('answers a repeat of a quarantined delivery with its reason and no envelope', () => {
    const q = quarantined(kickDelivery(undefined, { nonce: 'q' }), 'INGEST_BODY_NOT_JSON');
    const [first, second] = plan([q, q]);
    expect(first).toMatchObject({ kind: 'quarantined', reason: 'INGEST_BODY_NOT_JSON' });
    expect(second).toEqual({ kind: 'duplicate', envelopeId: null, rawEventId: first?.rawEventId, originalStatus: 'quarantined', quarantineReason: 'INGEST_BODY_NOT_JSON' });
  });

  it('prefers a stored original and lends it to later deliveries of the batch', () => {
    const stored: Original = { status: 'accepted', rawEventId: 'raw-0', envelopeId: 'env-0', quarantineReason: null };
    const a = kickDelivery(undefined, { nonce: 's', messageId: 's1' });
    const b = kickDelivery(undefined, { nonce: 't', messageId: 's1' });
    const results = plan([a, b], new Map([[messageIdentity('kick', 's1'), stored]]));
    expect(results).toEqual([
      { kind: 'duplicate', envelopeId: 'env-0', rawEventId: 'raw-0', originalStatus: 'accepted', quarantineReason: null },
      { kind: 'duplicate', envelopeId: 'env-0', rawEventId: 'raw-0', originalStatus: 'accepted', quarantineReason: null },
    ]);
  });
});
