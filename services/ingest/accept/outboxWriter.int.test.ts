import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { DmPool } from '../../shared/pg/pools.ts';
import { useTestDatabase } from '../../shared/testkit/testDatabase.ts';
import type { ValidDelivery } from './delivery.ts';
import { queueRawSink, writeAcceptedEntries, type AcceptedEntry } from './outboxWriter.ts';
import { count, createIngestRolePool, rows } from './test/acceptTestKit.ts';
import { kickDelivery } from './test/deliveries.ts';
import { writeInboxRows } from './writeInboxRows.ts';

describe('writeAcceptedEntries (as vf_ingest)', () => {
  const db = useTestDatabase('dm');
  let pool: DmPool;
  beforeAll(async () => {
    pool = await createIngestRolePool(db.current.url);
  });
  afterAll(async () => {
    await pool.end();
  });

  /** Stores `deliveries` in the inbox and writes their outbox entries in one transaction. */
  async function writeBatch(deliveries: readonly ValidDelivery[], targets: readonly string[], lane = 0): Promise<AcceptedEntry[]> {
    return pool.transaction(async (tx) => {
      const fresh = deliveries.map((delivery) => ({ delivery, rawEventId: uuidv7(), envelopeId: uuidv7() }));
      const inboxIds = await writeInboxRows(tx, fresh, new Date());
      const entries = fresh.map((f) => ({ ...f, inboxId: inboxIds.get(f.rawEventId) ?? 'missing' }));
      await writeAcceptedEntries(tx, entries, targets, { lane });
      return entries;
    });
  }

  const fanoutJobs = (url: string): Promise<Record<string, unknown>[]> =>
    rows(url, `SELECT key, queue_name, run_at FROM graphile_worker.jobs WHERE task_identifier = 'fanout' ORDER BY key`);

  it('writes outbox rows in entry order with a delivery row per target, and one fan-out job per target per batch', async () => {
    const entries = await writeBatch([1, 2, 3].map((n) => kickDelivery('kick.channel.followed.v1', { nonce: `order-${String(n)}` })), ['gamma', 'delta']);
    const outbox = await rows<{ envelope_id: string; targets: string[] }>(
      db.current.url,
      `SELECT o.envelope_id, array_agg(d.target ORDER BY d.target) AS targets FROM ingest.outbox o JOIN ingest.outbox_delivery d ON d.outbox_position = o.position
       WHERE o.envelope_id = ANY($1) GROUP BY o.position, o.envelope_id ORDER BY o.position`,
      [entries.map((e) => e.envelopeId)],
    );
    expect(outbox).toEqual(entries.map((e) => ({ envelope_id: e.envelopeId, targets: ['delta', 'gamma'] })));
    expect((await fanoutJobs(db.current.url)).map((j) => [j.key, j.queue_name])).toEqual([
      ['fanout:delta', 'fanout:delta'],
      ['fanout:gamma', 'fanout:gamma'],
    ]);
  });

  it('keeps the run time of a pending fan-out job when a later batch queues it again', async () => {
    await rows(db.current.url, `UPDATE graphile_worker._private_jobs SET run_at = '2100-01-01Z' WHERE key = 'fanout:gamma'`);
    await writeBatch([kickDelivery('kick.channel.followed.v1', { nonce: 'later-batch' })], ['gamma']);
    const jobs = await fanoutJobs(db.current.url);
    expect(jobs.filter((j) => j.key === 'fanout:gamma')).toEqual([{ key: 'fanout:gamma', queue_name: 'fanout:gamma', run_at: new Date('2100-01-01Z') }]);
  });

  it('debounces each lane in its own job row of the same queue, so concurrent batches never wait on one job row', async () => {
    await writeBatch([kickDelivery('kick.channel.followed.v1', { nonce: 'lane-1' })], ['epsilon'], 1);
    await writeBatch([kickDelivery('kick.channel.followed.v1', { nonce: 'lane-1-again' })], ['epsilon'], 1);
    await writeBatch([kickDelivery('kick.channel.followed.v1', { nonce: 'lane-0' })], ['epsilon'], 0);
    const jobs = (await fanoutJobs(db.current.url)).filter((j) => String(j.queue_name) === 'fanout:epsilon');
    expect(jobs.map((j) => j.key)).toEqual(['fanout:epsilon', 'fanout:epsilon#1']);
  });

  it('queues the debounced raw sink job about a second ahead', async () => {
    await pool.transaction((tx) => queueRawSink(tx));
    const [job] = await rows<{ ahead: number }>(db.current.url, `SELECT extract(epoch FROM run_at - now())::float8 AS ahead FROM graphile_worker.jobs WHERE key = 'raw_sink'`);
    expect(job?.ahead).toBeGreaterThan(0.2);
    expect(job?.ahead).toBeLessThanOrEqual(1);
  });

  it('writes no delivery rows and no fan-out jobs without targets (dry run)', async () => {
    const before = (await fanoutJobs(db.current.url)).length;
    const [entry] = await writeBatch([kickDelivery('kick.channel.followed.v1', { nonce: 'dry-run' })], []);
    expect(await count(db.current.url, `SELECT 1 FROM ingest.outbox WHERE envelope_id = $1`, [entry?.envelopeId])).toBe(1);
    expect(await count(db.current.url, `SELECT 1 FROM ingest.outbox_delivery d JOIN ingest.outbox o ON o.position = d.outbox_position WHERE o.envelope_id = $1`, [entry?.envelopeId])).toBe(0);
    expect((await fanoutJobs(db.current.url)).length).toBe(before);
  });

  it('refuses an envelope that breaks the contract with INGEST_ENVELOPE_INVALID, and the transaction keeps nothing', async () => {
    const good = kickDelivery('kick.channel.followed.v1', { nonce: 'good-neighbour' });
    const broken = { ...kickDelivery('kick.channel.followed.v1', { nonce: 'broken' }), subject: '' };
    await expect(writeBatch([good, broken], ['gamma'])).rejects.toMatchObject({ code: 'INGEST_ENVELOPE_INVALID' });
    expect(await count(db.current.url, `SELECT 1 FROM ingest.inbox WHERE provider_message_id = ANY($1)`, [[good.providerMessageId, broken.providerMessageId]])).toBe(0);
  });
});
