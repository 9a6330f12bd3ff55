import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateEnvelope } from '../../../generated/asyncapi/catalogue.ts';
import { DatabaseError, DatabaseUnavailableError } from '../../shared/pg/databaseErrors.ts';
import { createDmPool, type DmPool } from '../../shared/pg/pools.ts';
import { useTestDatabase } from '../../shared/testkit/testDatabase.ts';
import type { AcceptResult } from './delivery.ts';
import { createPgAcceptor } from './pgAcceptor.ts';
import { count, createIngestRolePool, rows, startForwarder, withRole } from './test/acceptTestKit.ts';
import { kickDelivery, quarantined, sumsubDelivery } from './test/deliveries.ts';

function accepted(result: AcceptResult): { envelopeId: string; rawEventId: string } {
  if (result.kind !== 'accepted') throw new Error(`expected accepted, got ${result.kind}`);
  return result;
}

describe('createPgAcceptor', () => {
  const db = useTestDatabase('dm');
  let pool: DmPool;
  beforeAll(async () => {
    pool = await createIngestRolePool(db.current.url);
  });
  afterAll(async () => {
    await pool.end();
  });

  it('accepts a Kick webhook: inbox row, valid envelope, a delivery row per target and the jobs, in one transaction', async () => {
    const acceptor = createPgAcceptor(pool, { targets: ['alpha', 'beta'] });
    const delivery = kickDelivery('kick.channel.followed.v1', { nonce: 'one-tx' });
    const { envelopeId, rawEventId } = accepted(await acceptor.accept(delivery));
    await acceptor.close();

    const [inbox] = await rows(db.current.url, `SELECT *, xmin::text AS tx FROM ingest.inbox WHERE raw_event_id = $1`, [rawEventId]);
    expect(inbox).toMatchObject({
      source: 'kick',
      status: 'accepted',
      provider_message_id: delivery.providerMessageId,
      event_type: 'channel.followed',
      event_version: '1',
      envelope_id: envelopeId,
      raw_body: delivery.rawBody,
      body_sha256: delivery.bodySha256,
      raw_headers: delivery.headers,
      received_at: delivery.receivedAt,
      sunk_at: null,
    });
    const [outbox] = await rows<{ envelope: unknown; tx: string; inbox_id: string; type: string }>(
      db.current.url,
      `SELECT envelope, xmin::text AS tx, inbox_id::text, type, subject FROM ingest.outbox WHERE envelope_id = $1`,
      [envelopeId],
    );
    expect(validateEnvelope(outbox?.envelope), JSON.stringify(validateEnvelope.errors)).toBe(true);
    expect(outbox).toMatchObject({ tx: inbox?.tx, inbox_id: String(inbox?.id), type: 'kick.channel.followed.v1', subject: 'kick/broadcaster/123456789' });
    expect(outbox?.envelope).toMatchObject({ id: envelopeId, vfrawid: rawEventId, vfprovidermsgid: delivery.providerMessageId, data: delivery.data });
    const deliveries = await rows(db.current.url, `SELECT d.target, d.status, d.xmin::text AS tx FROM ingest.outbox_delivery d JOIN ingest.outbox o ON o.position = d.outbox_position WHERE o.envelope_id = $1 ORDER BY target`, [envelopeId]);
    expect(deliveries).toEqual([{ target: 'alpha', status: 'pending', tx: inbox?.tx }, { target: 'beta', status: 'pending', tx: inbox?.tx }]);
    const jobs = await rows(db.current.url, `SELECT v.key, v.queue_name, v.task_identifier, j.payload FROM graphile_worker.jobs v JOIN graphile_worker._private_jobs j USING (id) ORDER BY key`);
    expect(jobs).toEqual([
      { key: 'fanout:alpha', queue_name: 'fanout:alpha', task_identifier: 'fanout', payload: { target: 'alpha' } },
      { key: 'fanout:beta', queue_name: 'fanout:beta', task_identifier: 'fanout', payload: { target: 'beta' } },
      { key: 'raw_sink', queue_name: 'raw_sink', task_identifier: 'raw_sink', payload: {} },
    ]);
    expect(await count(db.current.url, `SELECT 1 FROM ingest.dedupe_key WHERE key = $1 AND envelope_id = $2`, [delivery.dedupeKeys[0]?.key, envelopeId])).toBe(1);
  });

  it('quarantines: inbox row kept with raw bytes, a quarantine row, dedupe keys, no outbox; a redelivery answers duplicate of it', async () => {
    const acceptor = createPgAcceptor(pool, { targets: ['alpha'] });
    const delivery = quarantined(kickDelivery('kick.moderation.banned.v1', { nonce: 'q1' }), 'INGEST_TIMESTAMP_OUTSIDE_WINDOW');
    const first = await acceptor.accept(delivery);
    expect(first).toMatchObject({ kind: 'quarantined', reason: 'INGEST_TIMESTAMP_OUTSIDE_WINDOW' });
    const again = await acceptor.accept(delivery);
    await acceptor.close();
    expect(again).toEqual({ kind: 'duplicate', envelopeId: null, rawEventId: first.rawEventId, originalStatus: 'quarantined', quarantineReason: 'INGEST_TIMESTAMP_OUTSIDE_WINDOW' });

    const [inbox] = await rows(db.current.url, `SELECT i.status, i.envelope_id, i.raw_body, q.reason, q.validation_errors FROM ingest.inbox i JOIN ingest.quarantine q ON q.inbox_id = i.id WHERE i.raw_event_id = $1`, [first.rawEventId]);
    expect(inbox).toEqual({ status: 'quarantined', envelope_id: null, raw_body: delivery.rawBody, reason: 'INGEST_TIMESTAMP_OUTSIDE_WINDOW', validation_errors: delivery.errors });
    expect(await count(db.current.url, `SELECT 1 FROM ingest.outbox o JOIN ingest.inbox i ON i.id = o.inbox_id WHERE i.raw_event_id = $1`, [first.rawEventId])).toBe(0);
    expect(await count(db.current.url, `SELECT 1 FROM ingest.dedupe_key WHERE key = $1 AND envelope_id IS NULL`, [delivery.dedupeKeys[0]?.key])).toBe(1);
  });

  it('writes envelopes but no delivery rows or fan-out jobs in the dry run (no targets)', async () => {
    const acceptor = createPgAcceptor(pool, { targets: [] });
    const { envelopeId } = accepted(await acceptor.accept(sumsubDelivery({ nonce: 'dry' })));
    await acceptor.close();
    expect(await count(db.current.url, `SELECT 1 FROM ingest.outbox WHERE envelope_id = $1`, [envelopeId])).toBe(1);
    expect(await count(db.current.url, `SELECT 1 FROM ingest.outbox_delivery d JOIN ingest.outbox o ON o.position = d.outbox_position WHERE o.envelope_id = $1`, [envelopeId])).toBe(0);
  });

  it('groups concurrent accepts into far fewer transactions than deliveries', async () => {
    const acceptor = createPgAcceptor(pool, { targets: ['alpha'] });
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => acceptor.accept(kickDelivery('kick.chat.message.sent.v1', { nonce: `group-${String(i)}` }))));
    await acceptor.close();
    expect(results.every((r) => r.kind === 'accepted')).toBe(true);
    expect(acceptor.stats()).toMatchObject({ deliveries: 200, failedBatches: 0 });
    expect(acceptor.stats().batches).toBeLessThanOrEqual(10);
    expect(await count(db.current.url, `SELECT 1 FROM ingest.inbox WHERE provider_message_id LIKE 'msg-group-%'`)).toBe(200);
  });

  it('fails only the delivery whose statement fails: the others of its batch are tried alone and accepted', async () => {
    await rows(db.current.url, `
      CREATE FUNCTION ingest.test_fail_poison() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.envelope->>'vfprovidermsgid' = 'msg-poison-kick.kicks.gifted.v1' THEN RAISE EXCEPTION 'forced failure'; END IF; RETURN NEW; END $$;
      CREATE TRIGGER fail_poison BEFORE INSERT ON ingest.outbox FOR EACH ROW EXECUTE FUNCTION ingest.test_fail_poison();`);
    try {
      const acceptor = createPgAcceptor(pool, { targets: ['alpha'] });
      const batch = [
        kickDelivery('kick.kicks.gifted.v1', { nonce: 'poison' }),
        ...Array.from({ length: 4 }, (_, i) => kickDelivery('kick.chat.message.sent.v1', { nonce: `innocent-${String(i)}` })),
      ];
      const outcomes = await Promise.allSettled(batch.map((d) => acceptor.accept(d)));
      await acceptor.close();
      expect(acceptor.stats()).toMatchObject({ splitBatches: 1, failedBatches: 1 });
      const [poisoned, ...innocents] = outcomes;
      expect(poisoned?.status).toBe('rejected');
      if (poisoned?.status === 'rejected') expect(poisoned.reason).toBeInstanceOf(DatabaseError);
      expect(innocents.map((o) => (o.status === 'fulfilled' ? o.value.kind : o.status))).toEqual(['accepted', 'accepted', 'accepted', 'accepted']);
      expect(await count(db.current.url, `SELECT 1 FROM ingest.inbox WHERE provider_message_id LIKE 'msg-poison-%'`)).toBe(0);
      expect(await count(db.current.url, `SELECT 1 FROM ingest.inbox WHERE provider_message_id LIKE 'msg-innocent-%'`)).toBe(4);
      expect(await count(db.current.url, `SELECT 1 FROM ingest.dedupe_key WHERE key = $1`, [batch[0]?.dedupeKeys[0]?.key])).toBe(0);
    } finally {
      await rows(db.current.url, `DROP TRIGGER fail_poison ON ingest.outbox; DROP FUNCTION ingest.test_fail_poison()`);
    }
  });

  it('throws DatabaseUnavailableError and stores nothing when PostgreSQL cannot be reached', async () => {
    const forwarder = await startForwarder(withRole(db.current.url, 'vf_ingest'));
    const cut = await createDmPool(forwarder.url, { maximumPoolSize: 2, connectionTimeoutMs: 1_000 });
    try {
      const acceptor = createPgAcceptor(cut, { targets: ['alpha'] });
      expect((await acceptor.accept(kickDelivery('kick.chat.message.sent.v1', { nonce: 'before-cut' }))).kind).toBe('accepted');
      await forwarder.stop();
      const error = await acceptor.accept(kickDelivery('kick.chat.message.sent.v1', { nonce: 'after-cut' })).then(
        () => null,
        (e: unknown) => e,
      );
      await acceptor.close();
      expect(error).toBeInstanceOf(DatabaseUnavailableError);
      expect(await count(db.current.url, `SELECT 1 FROM ingest.inbox WHERE provider_message_id LIKE 'msg-after-cut-%'`)).toBe(0);
    } finally {
      await cut.end();
    }
  });

  it('refuses new deliveries once closed, after finishing the ones in flight', async () => {
    const acceptor = createPgAcceptor(pool, { targets: ['alpha'] });
    const inFlight = Array.from({ length: 10 }, (_, i) => acceptor.accept(kickDelivery('kick.chat.message.sent.v1', { nonce: `closing-${String(i)}` })));
    const closing = acceptor.close();
    await expect(acceptor.accept(kickDelivery('kick.chat.message.sent.v1', { nonce: 'late' }))).rejects.toMatchObject({ code: 'INGEST_ACCEPTOR_CLOSED' });
    await closing;
    expect(acceptor.stats().deliveries).toBe(10);
    expect((await Promise.all(inFlight)).map((r) => r.kind)).toEqual(Array(10).fill('accepted'));
  });
});
