import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DmPool } from '../../shared/pg/pools.ts';
import { useTestDatabase } from '../../shared/testkit/testDatabase.ts';
import { createIngestRolePool } from '../accept/test/acceptTestKit.ts';
import { replayFromOutbox } from './replayFromOutbox.ts';
import { clearJobs, deliveryRows, fanoutJobs, resetIngest, seedOutbox, settle, type SeededEvent } from './test/seedOutbox.ts';

const day = (d: number): Date => new Date(Date.UTC(2026, 0, d));

describe('replayFromOutbox against real PostgreSQL', () => {
  const db = useTestDatabase('dm');
  let pool: DmPool;
  let events: SeededEvent[] = [];
  const deps = (): { pool: DmPool; targets: string[] } => ({ pool, targets: ['qa', 'other'] });
  beforeAll(async () => {
    pool = await createIngestRolePool(db.current.url);
  });
  afterAll(async () => {
    await pool.end();
  });
  beforeEach(async () => {
    await resetIngest(db.current.url);
    events = await seedOutbox(pool, ['qa'], [
      { nonce: 'o0', time: day(1), subject: 'kick/broadcaster/1' },
      { nonce: 'o1', time: day(2), subject: 'kick/broadcaster/2' },
      { nonce: 'o2', time: day(2), subject: 'kick/broadcaster/1', type: 'kick.channel.followed.v1' },
      { nonce: 'o3', time: day(3), subject: 'kick/broadcaster/1' },
      { nonce: 'o4', time: day(4), subject: 'kick/broadcaster/2' },
    ]);
    // Everything was delivered once.
    await settle(db.current.url, (await deliveryRows(db.current.url)).map((r) => r.id), 'done');
    await clearJobs(db.current.url);
  });

  it('inserts a new pending delivery per event, keeps the old rows, and wakes the target', async () => {
    const summary = await replayFromOutbox(deps(), { target: 'qa' });
    expect(summary).toMatchObject({ from: 'outbox', target: 'qa', matched: 5, queued: 5, skippedAlreadyPending: 0, dryRun: false });
    const rows = await deliveryRows(db.current.url);
    expect(rows.filter((r) => r.status === 'done').map((r) => r.position)).toEqual(events.map((e) => e.position));
    expect(rows.filter((r) => r.status === 'pending').map((r) => [r.position, r.target, r.attempts])).toEqual(events.map((e) => [e.position, 'qa', 0]));
    expect(await fanoutJobs(db.current.url)).toEqual([{ key: 'fanout:qa', queue: 'fanout:qa', target: 'qa' }]);
  });

  it('queues nothing the second time: the events already have a pending delivery', async () => {
    await replayFromOutbox(deps(), { target: 'qa' });
    const again = await replayFromOutbox(deps(), { target: 'qa' });
    expect(again).toMatchObject({ matched: 5, queued: 0, skippedAlreadyPending: 5 });
    expect((await deliveryRows(db.current.url)).filter((r) => r.status === 'pending')).toHaveLength(5);
  });

  it('replays to a target the events never went to', async () => {
    expect(await replayFromOutbox(deps(), { target: 'other' })).toMatchObject({ queued: 5 });
    expect((await deliveryRows(db.current.url)).filter((r) => r.target === 'other')).toHaveLength(5);
  });

  it.each([
    ['type', { types: ['kick.channel.followed.v1'] }, [2]],
    ['subject', { subject: 'kick/broadcaster/2' }, [1, 4]],
    ['half-open window on the envelope time', { since: day(2), until: day(4) }, [1, 2, 3]],
    ['window, type and subject together', { since: day(2), types: ['kick.chat.message.sent.v1'], subject: 'kick/broadcaster/1' }, [3]],
  ])('filters by %s', async (_name, filter, want) => {
    const summary = await replayFromOutbox(deps(), { target: 'qa', ...filter });
    expect(summary.queued).toBe(want.length);
    const pending = (await deliveryRows(db.current.url)).filter((r) => r.status === 'pending').map((r) => r.position);
    expect(pending).toEqual(want.map((i) => events[i]?.position));
  });

  it('counts and writes nothing on a dry run', async () => {
    await replayFromOutbox(deps(), { target: 'qa', subject: 'kick/broadcaster/2' });
    await clearJobs(db.current.url);
    const before = await deliveryRows(db.current.url);
    expect(await replayFromOutbox(deps(), { target: 'qa', dryRun: true })).toMatchObject({ dryRun: true, matched: 5, queued: 3, skippedAlreadyPending: 2 });
    expect(await deliveryRows(db.current.url)).toEqual(before);
    expect(await fanoutJobs(db.current.url)).toEqual([]);
  });

  it('walks the outbox in chunks and reports progress', async () => {
    const seen: { done: number; total: number | null }[] = [];
    const summary = await replayFromOutbox({ ...deps(), chunkSize: 2, onProgress: (p) => seen.push(p) }, { target: 'qa' });
    expect(summary.queued).toBe(5);
    expect(seen).toEqual([{ done: 0, total: 5 }, { done: 2, total: 5 }, { done: 4, total: 5 }, { done: 5, total: 5 }]);
  });

  it('refuses a target that is not configured, and an empty window', async () => {
    await expect(replayFromOutbox(deps(), { target: 'stage' })).rejects.toMatchObject({ code: 'INGEST_TARGET_UNKNOWN' });
    await expect(replayFromOutbox(deps(), { target: 'qa', since: day(3), until: day(3) })).rejects.toMatchObject({ code: 'INGEST_REQUEST_INVALID' });
    expect((await deliveryRows(db.current.url)).filter((r) => r.status === 'pending')).toEqual([]);
  });
});
