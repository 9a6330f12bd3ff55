import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '../../shared/testkit/pgClient.ts';
import type { DmPool } from '../../shared/pg/pools.ts';
import { useTestDatabase } from '../../shared/testkit/testDatabase.ts';
import type { AcceptResult, Delivery } from './delivery.ts';
import { UNKNOWN_RAW_EVENT_ID } from './findOriginals.ts';
import { createPgAcceptor, type PgAcceptor } from './pgAcceptor.ts';
import { count, createIngestRolePool, rows } from './test/acceptTestKit.ts';
import { kickDelivery, probeDelivery, quarantined, sumsubDelivery } from './test/deliveries.ts';

const HOUR_MS = 60 * 60 * 1000;

/** Resolves once some session of the test database waits for a lock (the acceptor, blocked by the test's transaction). */
async function someoneWaitsForALock(url: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if ((await count(url, `SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()`)) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('nobody waited for a lock');
}

function envelopeIdOf(result: AcceptResult): string | null {
  return result.kind === 'quarantined' ? null : result.envelopeId;
}

/** Accepts `deliveries` spread over several event-loop turns, so they land in different batches. */
async function acceptSpread(acceptor: PgAcceptor, deliveries: readonly Delivery[]): Promise<AcceptResult[]> {
  const pending: Promise<AcceptResult>[] = [];
  for (const d of deliveries) {
    pending.push(acceptor.accept(d));
    await nextTurn();
  }
  return Promise.all(pending);
}

describe('createPgAcceptor dedupe', () => {
  const db = useTestDatabase('dm');
  let pool: DmPool;
  let otherPool: DmPool;
  beforeAll(async () => {
    pool = await createIngestRolePool(db.current.url);
    otherPool = await createIngestRolePool(db.current.url);
  });
  afterAll(async () => {
    await pool.end();
    await otherPool.end();
  });

  it('stores 50 identical parallel deliveries once: one inbox row, one envelope, 49 duplicates of it', async () => {
    const acceptor = createPgAcceptor(pool, { targets: ['alpha'], maxConcurrentFlushes: 2, maxBatchSize: 8 });
    const delivery = kickDelivery('kick.channel.subscription.new.v1', { nonce: 'fifty' });
    const results = await acceptSpread(acceptor, Array(50).fill(delivery));
    await acceptor.close();
    const accepted = results.filter((r) => r.kind === 'accepted');
    expect(accepted).toHaveLength(1);
    const duplicates = results.filter((r) => r.kind === 'duplicate');
    expect(duplicates).toHaveLength(49);
    expect(new Set(duplicates.map(envelopeIdOf))).toEqual(new Set([accepted[0]?.envelopeId]));
    expect(duplicates.every((d) => d.originalStatus === 'accepted' && d.rawEventId === accepted[0]?.rawEventId)).toBe(true);
    expect(await count(db.current.url, `SELECT 1 FROM ingest.inbox WHERE provider_message_id = $1`, [delivery.providerMessageId])).toBe(1);
    expect(await count(db.current.url, `SELECT 1 FROM ingest.outbox WHERE envelope->>'vfprovidermsgid' = $1`, [delivery.providerMessageId])).toBe(1);
  });

  it('answers duplicate for the same Kick body under a new message id within 24 h, and accepts it once the key expired', async () => {
    const receivedAt = new Date();
    const original = kickDelivery('kick.chat.message.sent.v1', { nonce: 'resent', messageId: 'resent-1', receivedAt });
    const resent = kickDelivery('kick.chat.message.sent.v1', { nonce: 'resent', messageId: 'resent-2', receivedAt: new Date(receivedAt.getTime() + HOUR_MS) });
    expect(resent.dedupeKeys).toEqual([{ key: original.dedupeKeys[0]?.key, expiresAt: expect.any(Date) }]);
    const acceptor = createPgAcceptor(pool, { targets: ['alpha'] });
    const first = await acceptor.accept(original);
    expect(await acceptor.accept(resent)).toMatchObject({ kind: 'duplicate', envelopeId: envelopeIdOf(first), originalStatus: 'accepted' });
    await acceptor.close();

    // A day later the body key has expired: a new message id with the same body is a new delivery, and takes the key over.
    const dayLater = new Date(receivedAt.getTime() + 25 * HOUR_MS);
    const later = createPgAcceptor(pool, { targets: ['alpha'], now: () => dayLater });
    const third = kickDelivery('kick.chat.message.sent.v1', { nonce: 'resent', messageId: 'resent-3', receivedAt: dayLater });
    const result = await later.accept(third);
    await later.close();
    expect(result.kind).toBe('accepted');
    expect(await rows(db.current.url, `SELECT envelope_id FROM ingest.dedupe_key WHERE key = $1`, [third.dedupeKeys[0]?.key])).toEqual([{ envelope_id: envelopeIdOf(result) }]);
  });

  it('dedupes a Sumsub body for 90 days and a viewer probe by its message id', async () => {
    const acceptor = createPgAcceptor(pool, { targets: ['alpha'] });
    const [sumsub, sumsubAgain, probe, probeAgain] = await acceptSpread(acceptor, [
      sumsubDelivery({ nonce: 'kyc' }),
      sumsubDelivery({ nonce: 'kyc', receivedAt: new Date(Date.now() + 80 * 24 * HOUR_MS) }),
      probeDelivery('2025-01-14T16:09:00Z'),
      probeDelivery('2025-01-14T16:09:00Z'),
    ]);
    await acceptor.close();
    // The pairs run in concurrent batches: either may commit first, the other must be its duplicate.
    for (const pair of [[sumsub, sumsubAgain], [probe, probeAgain]]) {
      expect(pair.map((r) => r?.kind).sort()).toEqual(['accepted', 'duplicate']);
      expect(new Set(pair.map((r) => (r === undefined ? undefined : envelopeIdOf(r)))).size).toBe(1);
    }
  });

  it('answers a later delivery of a batch as a duplicate of an earlier one sharing a message id or a body key', async () => {
    const acceptor = createPgAcceptor(pool, { targets: ['alpha'] });
    const base = kickDelivery('kick.livestream.status.updated.v1', { nonce: 'same-batch', messageId: 'sb-1' });
    const sameBody = kickDelivery('kick.livestream.status.updated.v1', { nonce: 'same-batch', messageId: 'sb-2' });
    const sameId = kickDelivery('kick.livestream.metadata.updated.v1', { nonce: 'other-body', messageId: 'sb-1' });
    const bad = quarantined(kickDelivery('kick.kicks.gifted.v1', { nonce: 'bad', messageId: 'sb-3' }));
    const results = await Promise.all([base, sameBody, sameId, bad, bad].map((d) => acceptor.accept(d)));
    await acceptor.close();
    expect(acceptor.stats().batches).toBe(1);
    expect(results.map((r) => r.kind)).toEqual(['accepted', 'duplicate', 'duplicate', 'quarantined', 'duplicate']);
    expect(envelopeIdOf(results[1]!)).toBe(envelopeIdOf(results[0]!));
    expect(envelopeIdOf(results[2]!)).toBe(envelopeIdOf(results[0]!));
    expect(results[4]).toMatchObject({ originalStatus: 'quarantined', quarantineReason: 'INGEST_PAYLOAD_INVALID', rawEventId: results[3]?.rawEventId });
  });

  it('answers a repeat of a released quarantine with the envelope the release gave it', async () => {
    const acceptor = createPgAcceptor(pool, { targets: ['alpha'] });
    const delivery = quarantined(kickDelivery('kick.channel.followed.v1', { nonce: 'released' }));
    const first = await acceptor.accept(delivery);
    const released = '01946592-7c51-781a-8513-e991a5f80b18';
    await rows(db.current.url, `UPDATE ingest.inbox SET status = 'accepted', envelope_id = $2 WHERE raw_event_id = $1`, [first.rawEventId, released]);
    const again = await acceptor.accept(delivery);
    await acceptor.close();
    expect(again).toEqual({ kind: 'duplicate', envelopeId: released, rawEventId: first.rawEventId, originalStatus: 'accepted', quarantineReason: null });
  });

  it('still dedupes on a live key whose inbox row retention already deleted', async () => {
    const acceptor = createPgAcceptor(pool, { targets: ['alpha'] });
    const delivery = sumsubDelivery({ nonce: 'retention' });
    const first = await acceptor.accept(delivery);
    await rows(db.current.url, `DELETE FROM ingest.inbox WHERE raw_event_id = $1`, [first.rawEventId]);
    const again = await acceptor.accept(delivery);
    await acceptor.close();
    expect(again).toEqual({ kind: 'duplicate', envelopeId: envelopeIdOf(first), rawEventId: UNKNOWN_RAW_EVENT_ID, originalStatus: 'accepted', quarantineReason: null });
  });

  it('replays a batch that lost a race to a concurrent transaction, and answers duplicate of the winner', async () => {
    const acceptor = createPgAcceptor(pool, { targets: ['alpha'] });
    const loser = kickDelivery('kick.kicks.gifted.v1', { nonce: 'lost-race', messageId: 'lost-race-1' });
    const innocent = kickDelivery('kick.kicks.gifted.v1', { nonce: 'lost-race-innocent' });
    const winnerEnvelope = '01946592-7c51-781a-8513-e991a5f80b17';
    const { pending } = await withTransaction(db.current.url, async (c) => {
      // The winner claims the body key, uncommitted: the acceptor's lookup cannot see it, its insert waits for it.
      await c.query(
        `WITH i AS (INSERT INTO ingest.inbox (source, status, provider_message_id, body_sha256, raw_body, raw_headers, raw_event_id, envelope_id)
           VALUES ('kick', 'accepted', 'lost-race-0', $1, '\\x', '{}', gen_random_uuid(), $2) RETURNING id)
         INSERT INTO ingest.dedupe_key (key, expires_at, inbox_id, envelope_id) SELECT $3, now() + interval '1 day', id, $2 FROM i`,
        [loser.bodySha256, winnerEnvelope, loser.dedupeKeys[0]?.key],
      );
      const accepting = Promise.all([acceptor.accept(innocent), acceptor.accept(loser)]);
      await someoneWaitsForALock(db.current.url);
      // Not awaited here: the acceptor finishes only once this transaction commits.
      return { pending: accepting };
    });
    const answers = await pending;
    await acceptor.close();
    expect(acceptor.stats()).toMatchObject({ batches: 1, retries: 1 });
    expect(answers.map((a) => a.kind)).toEqual(['accepted', 'duplicate']);
    expect(answers[1]).toMatchObject({ envelopeId: winnerEnvelope, originalStatus: 'accepted' });
    expect(await count(db.current.url, `SELECT 1 FROM ingest.inbox WHERE provider_message_id = ANY($1)`, [['lost-race-1', innocent.providerMessageId]])).toBe(1);
  });

  it('stores each delivery once when two acceptors on two pools race the same deliveries', async () => {
    const a = createPgAcceptor(pool, { targets: ['alpha'], maxConcurrentFlushes: 2, maxBatchSize: 4 });
    const b = createPgAcceptor(otherPool, { targets: ['alpha'], maxConcurrentFlushes: 2, maxBatchSize: 4 });
    const deliveries = Array.from({ length: 40 }, (_, i) =>
      i % 4 === 3 ? quarantined(kickDelivery('kick.moderation.banned.v1', { nonce: `race-${String(i)}` })) : kickDelivery('kick.channel.followed.v1', { nonce: `race-${String(i)}` }),
    );
    const [fromA, fromB] = await Promise.all([acceptSpread(a, deliveries), acceptSpread(b, [...deliveries].reverse())]);
    await Promise.all([a.close(), b.close()]);
    const answers = [...fromA, ...[...fromB].reverse()];
    deliveries.forEach((d, i) => {
      const pair = [answers[i], answers[i + deliveries.length]];
      const kinds = pair.map((r) => r?.kind).sort();
      expect(kinds).toEqual(d.kind === 'valid' ? ['accepted', 'duplicate'] : ['duplicate', 'quarantined']);
      expect(new Set(pair.map((r) => r?.rawEventId)).size).toBe(1);
    });
    expect(await count(db.current.url, `SELECT 1 FROM ingest.inbox WHERE provider_message_id LIKE 'msg-race-%'`)).toBe(40);
    expect(await count(db.current.url, `SELECT 1 FROM ingest.outbox WHERE envelope->>'vfprovidermsgid' LIKE 'msg-race-%'`)).toBe(30);
  });
});
