import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DmPool } from '../../shared/pg/pools.ts';
import { withPgClient } from '../../shared/testkit/pgClient.ts';
import { useTestDatabase } from '../../shared/testkit/testDatabase.ts';
import { createIngestRolePool } from '../accept/test/acceptTestKit.ts';
import { seedQuarantine } from '../quarantine/test/quarantineSeeds.ts';
import { deliveryRows, seedOutbox, settle, type SeededEvent } from '../replay/test/seedOutbox.ts';
import { purgeIngest, type PurgeIngestResult } from './purgeIngest.ts';

async function q(url: string, text: string, values: unknown[] = []): Promise<Record<string, unknown>[]> {
  return withPgClient(url, async (c) => (await c.query(text, values)).rows as Record<string, unknown>[]);
}

describe('purgeIngest against real PostgreSQL', () => {
  const db = useTestDatabase('dm');
  let pool: DmPool;
  let events: SeededEvent[] = [];
  let quarantinedRawId = '';
  let result: PurgeIngestResult;
  beforeAll(async () => {
    const url = db.current.url;
    pool = await createIngestRolePool(url);
    events = await seedOutbox(pool, ['qa', 'other'], [0, 1, 2, 3].map((i) => ({ nonce: `ret${String(i)}` })));
    [quarantinedRawId = ''] = await seedQuarantine(pool, [{ kind: 'window', nonce: 'ret-q' }]);
    const rows = await deliveryRows(url);
    const of = (i: number, target: string): string => rows.find((r) => r.position === events[i]?.position && r.target === target)?.id ?? '';
    // e0: delivered everywhere. e1: still pending to `other`. e2: dead and parked. e3: delivered, but recent.
    await settle(url, [of(0, 'qa'), of(0, 'other'), of(1, 'qa'), of(3, 'qa'), of(3, 'other')], 'done');
    await settle(url, [of(2, 'qa')], 'dead');
    await settle(url, [of(2, 'other')], 'parked');
    const old = [0, 1, 2].map((i) => events[i]?.envelopeId);
    await q(url, `UPDATE ingest.outbox SET created_at = now() - interval '40 days' WHERE envelope_id = ANY($1::uuid[])`, [old]);
    // Inbox: e0..e2 and the quarantined row are old and sunk; e3's row is old but not yet in ClickHouse.
    await q(url, `UPDATE ingest.inbox SET received_at = now() - interval '40 days'`);
    await q(url, `UPDATE ingest.inbox SET sunk_at = now(), raw_body = NULL, raw_headers = NULL WHERE envelope_id = ANY($1::uuid[])`, [old]);
    await q(url, `UPDATE ingest.inbox SET sunk_at = now() WHERE raw_event_id = $1`, [quarantinedRawId]);
    // Dedupe keys: the Kick body keys of e0 and e1 have expired.
    await q(url, `UPDATE ingest.dedupe_key SET expires_at = now() - interval '1 hour' WHERE envelope_id = ANY($1::uuid[])`, [old.slice(0, 2)]);
    await q(
      url,
      `INSERT INTO ingest.delivery_batch (id, target, delivery_ids, byte_size, created_at, settled_at, outcome) VALUES
        ('0190a000-0000-7000-8000-00000000b001', 'qa', '{1}', 10, now() - interval '41 days', now() - interval '40 days', 'answered'),
        ('0190a000-0000-7000-8000-00000000b002', 'qa', '{2}', 10, now() - interval '41 days', now() - interval '1 day', 'answered'),
        ('0190a000-0000-7000-8000-00000000b003', 'qa', '{3}', 10, now() - interval '41 days', NULL, NULL)`,
    );
    await q(
      url,
      `INSERT INTO ingest.dead_letter (kind, outbox_delivery_id, target, reason, created_at, task_identifier) VALUES
        ('delivery', $1, 'qa', 'old, delivery purged', now() - interval '40 days', NULL),
        ('delivery', $2, 'qa', 'old, delivery kept', now() - interval '40 days', NULL),
        ('delivery', $1, 'qa', 'recent', now(), NULL),
        ('job', NULL, NULL, 'old job', now() - interval '40 days', 'fanout')`,
      [of(2, 'qa'), of(1, 'other')],
    );
    result = await purgeIngest(pool, { retentionDays: 30, chunkSize: 1 });
  });
  afterAll(async () => {
    await pool.end();
  });

  it('purges old outbox rows whose deliveries are all settled, with their deliveries, and keeps pending work', async () => {
    const left = (await q(db.current.url, 'SELECT envelope_id::text AS id FROM ingest.outbox ORDER BY position')).map((r) => r.id);
    expect(left).toEqual([events[1]?.envelopeId, events[3]?.envelopeId]);
    expect((await deliveryRows(db.current.url)).map((r) => [r.position, r.target, r.status])).toEqual([
      [events[1]?.position, 'other', 'pending'],
      [events[1]?.position, 'qa', 'done'],
      [events[3]?.position, 'other', 'done'],
      [events[3]?.position, 'qa', 'done'],
    ]);
    expect(result).toMatchObject({ outbox: 2, deliveries: 4 });
  });

  it('purges settled old batches only', async () => {
    expect((await q(db.current.url, 'SELECT id::text FROM ingest.delivery_batch ORDER BY id')).map((r) => r.id)).toEqual([
      '0190a000-0000-7000-8000-00000000b002',
      '0190a000-0000-7000-8000-00000000b003',
    ]);
    expect(result.batches).toBe(1);
  });

  it('purges old sunk accepted inbox rows, keeping unsunk rows and the quarantine backlog', async () => {
    const left = await q(db.current.url, 'SELECT raw_event_id::text AS id, status FROM ingest.inbox ORDER BY id');
    expect(left).toEqual([
      { id: events[3]?.rawEventId, status: 'accepted' },
      { id: quarantinedRawId, status: 'quarantined' },
    ]);
    expect(result.inbox).toBe(3);
  });

  it('purges expired dedupe keys only', async () => {
    const left = (await q(db.current.url, 'SELECT envelope_id::text AS id FROM ingest.dedupe_key WHERE envelope_id IS NOT NULL ORDER BY inbox_id')).map((r) => r.id);
    expect(left).toEqual([events[2]?.envelopeId, events[3]?.envelopeId]);
    expect(result.dedupeKeys).toBe(2);
  });

  it('purges old dead letters whose delivery is gone, and old job dead letters', async () => {
    expect((await q(db.current.url, 'SELECT reason FROM ingest.dead_letter ORDER BY id')).map((r) => r.reason)).toEqual(['old, delivery kept', 'recent']);
    expect(result.deadLetters).toBe(2);
  });

  it('finds nothing more on a second run', async () => {
    expect(await purgeIngest(pool, { retentionDays: 30 })).toEqual({ outbox: 0, deliveries: 0, batches: 0, inbox: 0, dedupeKeys: 0, deadLetters: 0 });
  });
});
