import { beforeAll, afterAll, beforeEach, describe, expect, it } from 'vitest';
import { validateListDeliveriesResponse200 as validatePage } from '../../../generated/openapi/ingest.validators.cjs';
import type { DmPool } from '../../shared/pg/pools.ts';
import { withPgClient } from '../../shared/testkit/pgClient.ts';
import { useTestDatabase } from '../../shared/testkit/testDatabase.ts';
import { createIngestRolePool } from '../accept/test/acceptTestKit.ts';
import { deliveryRows, fanoutJobs, resetIngest, seedOutbox, settle, type DeliveryRow } from '../replay/test/seedOutbox.ts';
import { listDeliveries } from './listDeliveries.ts';
import { retryDeliveries } from './retryDeliveries.ts';

const targets = ['qa', 'other'];

function idsOf(rows: readonly DeliveryRow[], target: string): string[] {
  return rows.filter((r) => r.target === target).map((r) => r.id);
}

describe('listDeliveries and retryDeliveries against real PostgreSQL', () => {
  const db = useTestDatabase('dm');
  let pool: DmPool;
  let qa: string[] = [];
  let other: string[] = [];
  beforeAll(async () => {
    pool = await createIngestRolePool(db.current.url);
  });
  afterAll(async () => {
    await pool.end();
  });
  beforeEach(async () => {
    await resetIngest(db.current.url);
    await seedOutbox(pool, targets, [0, 1, 2, 3, 4].map((i) => ({ nonce: `d${String(i)}` })));
    const rows = await deliveryRows(db.current.url);
    qa = idsOf(rows, 'qa');
    other = idsOf(rows, 'other');
    await settle(db.current.url, qa.slice(0, 4), 'dead');
    await settle(db.current.url, qa.slice(4), 'parked', 1);
    await settle(db.current.url, other.slice(0, 1), 'dead');
    await settle(db.current.url, other.slice(1), 'done', 1);
    await withPgClient(db.current.url, (c) => c.query('DELETE FROM graphile_worker._private_jobs'));
  });

  it('pages dead deliveries of one target oldest first, in the contract shape', async () => {
    const first = await listDeliveries({ pool, targets }, { status: 'dead', target: 'qa', limit: 3 });
    expect(validatePage(first)).toBe(true);
    expect(first.items.map((d) => d.id)).toEqual(qa.slice(0, 3));
    expect(first.items[0]).toMatchObject({ target: 'qa', status: 'dead', eventType: 'kick.chat.message.sent.v1', attempts: 3, lastError: 'test: dead' });
    expect(first.items[0]?.lastAttemptAt).not.toBeNull();
    const second = await listDeliveries({ pool, targets }, { status: 'dead', target: 'qa', limit: 3, cursor: first.nextCursor ?? '' });
    expect(second).toEqual({ items: [expect.objectContaining({ id: qa[3] })], nextCursor: null });
  });

  it('lists every target without --target, and parked ones apart', async () => {
    expect((await listDeliveries({ pool, targets }, { status: 'dead' })).items.map((d) => d.id)).toEqual([...qa.slice(0, 4), ...other.slice(0, 1)].sort((a, b) => Number(a) - Number(b)));
    expect((await listDeliveries({ pool, targets }, { status: 'parked' })).items.map((d) => d.id)).toEqual(qa.slice(4));
  });

  it('refuses a target that is not configured and a cursor it did not issue', async () => {
    await expect(listDeliveries({ pool, targets }, { status: 'dead', target: 'nope' })).rejects.toMatchObject({ code: 'INGEST_TARGET_UNKNOWN' });
    await expect(listDeliveries({ pool, targets }, { status: 'dead', cursor: 'bm9wZQ' })).rejects.toMatchObject({ code: 'INGEST_QUERY_INVALID' });
  });

  it('retries named deliveries in place with a fresh budget, stamps their dead letters and wakes the sender', async () => {
    const id = qa[0] ?? '';
    await withPgClient(db.current.url, (c) =>
      c.query(`INSERT INTO ingest.dead_letter (kind, outbox_delivery_id, target, reason) VALUES ('delivery', $1, 'qa', 'rejected')`, [id]),
    );
    expect(await retryDeliveries({ pool, targets }, { status: 'dead', ids: [id, qa[4] ?? ''] })).toEqual({ retried: 1 });
    const rows = await deliveryRows(db.current.url);
    expect(rows.find((r) => r.id === id)).toMatchObject({ status: 'pending', attempts: 0 });
    // The parked one was not asked for with status dead.
    expect(rows.find((r) => r.id === qa[4])).toMatchObject({ status: 'parked' });
    expect(await fanoutJobs(db.current.url)).toEqual([{ key: 'fanout:qa', queue: 'fanout:qa', target: 'qa' }]);
    const letters = await withPgClient(db.current.url, async (c) => (await c.query('SELECT replayed_at IS NOT NULL AS replayed FROM ingest.dead_letter')).rows);
    expect(letters).toEqual([{ replayed: true }]);
  });

  it('leaves a dead delivery whose event already has a pending one to the target (the partial unique index)', async () => {
    const [dead] = (await deliveryRows(db.current.url)).filter((r) => r.id === qa[1]);
    // A replay made a new pending row for the same event and target.
    await withPgClient(db.current.url, (c) => c.query(`INSERT INTO ingest.outbox_delivery (outbox_position, target) VALUES ($1, 'qa')`, [dead?.position]));
    expect(await retryDeliveries({ pool, targets }, { status: 'dead', target: 'qa' })).toEqual({ retried: 3 });
    const rows = await deliveryRows(db.current.url);
    expect(rows.find((r) => r.id === qa[1])).toMatchObject({ status: 'dead' });
    expect(rows.filter((r) => r.target === 'qa' && r.status === 'pending')).toHaveLength(4);
    // The other target's dead delivery was not asked for.
    expect(rows.find((r) => r.id === other[0])).toMatchObject({ status: 'dead' });
  });

  it('of two dead deliveries of one event and target, puts only the newest back', async () => {
    const [dead] = (await deliveryRows(db.current.url)).filter((r) => r.id === qa[2]);
    const newer = await withPgClient(db.current.url, async (c) =>
      String((await c.query<{ id: string }>(`INSERT INTO ingest.outbox_delivery (outbox_position, target, status) VALUES ($1, 'qa', 'dead') RETURNING id::text`, [dead?.position])).rows[0]?.id),
    );
    expect(await retryDeliveries({ pool, targets }, { status: 'dead', ids: [qa[2] ?? '', newer] })).toEqual({ retried: 1 });
    const rows = await deliveryRows(db.current.url);
    expect(rows.find((r) => r.id === newer)).toMatchObject({ status: 'pending' });
    expect(rows.find((r) => r.id === qa[2])).toMatchObject({ status: 'dead' });
  });

  it('retries every parked delivery of configured targets only', async () => {
    const [parked] = (await deliveryRows(db.current.url)).filter((r) => r.id === qa[4]);
    await withPgClient(db.current.url, (c) => c.query(`INSERT INTO ingest.outbox_delivery (outbox_position, target, status) VALUES ($1, 'retired', 'parked')`, [parked?.position]));
    expect(await retryDeliveries({ pool, targets }, { status: 'parked' })).toEqual({ retried: 1 });
    const rows = await deliveryRows(db.current.url);
    expect(rows.find((r) => r.target === 'retired')).toMatchObject({ status: 'parked' });
    expect(rows.find((r) => r.id === qa[4])).toMatchObject({ status: 'pending' });
  });

  it('refuses ids that are not delivery ids and an unknown target', async () => {
    await expect(retryDeliveries({ pool, targets }, { status: 'dead', ids: ['abc'] })).rejects.toMatchObject({ code: 'INGEST_REQUEST_INVALID' });
    await expect(retryDeliveries({ pool, targets }, { status: 'dead', target: 'nope' })).rejects.toMatchObject({ code: 'INGEST_TARGET_UNKNOWN' });
  });
});
