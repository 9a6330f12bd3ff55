import { sql } from 'slonik';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventType } from '../../../generated/asyncapi/catalogue.ts';
import { eventExamples } from '../../../generated/asyncapi/examples.ts';
import { createDmPool, type DmPool } from '../../shared/pg/pools.ts';
import { useTestDatabase } from '../../shared/testkit/testDatabase.ts';
import { applyDmUpkeep, type DmUpkeepEvent } from './applyDmUpkeep.ts';

const chat = eventExamples['kick.chat.message.sent.v1'][0]?.payload;
const [liveStarted, liveEnded] = eventExamples['kick.livestream.status.updated.v1'];
const probe = eventExamples['kick.viewer_probe.v1'][0]?.payload;

let counter = 0;
function event(eventType: EventType, data: unknown, time: string): DmUpkeepEvent {
  counter += 1;
  return { eventType, data, time: new Date(time), envelopeId: `0190a000-0000-7000-8000-${String(counter).padStart(12, '0')}` };
}

/** A chat message in the channel of broadcaster `id`, under `slug`. */
function chatIn(id: number, slug: string, time: string, username = `user ${slug}`): DmUpkeepEvent {
  return event('kick.chat.message.sent.v1', { ...chat, broadcaster: { ...chat?.broadcaster, user_id: id, channel_slug: slug, username } }, time);
}

function liveIn(id: number, which: 'start' | 'end', time: string, title = 'Stream Title'): DmUpkeepEvent {
  const payload = (which === 'start' ? liveStarted : liveEnded)?.payload;
  return event('kick.livestream.status.updated.v1', { ...payload, title, broadcaster: { ...payload?.broadcaster, user_id: id, channel_slug: `live${String(id)}` } }, time);
}

describe('applyDmUpkeep against real PostgreSQL', () => {
  const db = useTestDatabase('dm');
  let pool: DmPool;
  beforeAll(async () => {
    pool = await createDmPool(db.current.url, { maximumPoolSize: 3 });
  });
  afterAll(async () => {
    await pool.end();
  });

  /** Runs the upkeep as the ingest role would, in its own transaction. */
  const apply = (events: readonly DmUpkeepEvent[]): Promise<void> =>
    pool.transaction(async (tx) => {
      await tx.query(sql.unsafe`SET LOCAL ROLE vf_ingest`);
      await applyDmUpkeep(tx, events);
    });

  const channel = async (id: number): Promise<readonly unknown[]> =>
    pool.any(sql.unsafe`SELECT slug, display_name, tracking, to_json(event_time) #>> '{}' AS event_time FROM dm.streamer_channel WHERE kick_broadcaster_user_id = ${id}`);
  const history = async (id: number): Promise<readonly unknown[]> =>
    pool.any(sql.unsafe`
      SELECT h.slug, to_json(h.valid_from AT TIME ZONE 'UTC') #>> '{}' AS valid_from, to_json(h.valid_to AT TIME ZONE 'UTC') #>> '{}' AS valid_to
      FROM dm.streamer_channel_slug_history h JOIN dm.streamer_channel c ON c.id = h.streamer_channel_id
      WHERE c.kick_broadcaster_user_id = ${id} ORDER BY h.valid_from`);
  const sessions = async (id: number): Promise<readonly unknown[]> =>
    pool.any(sql.unsafe`
      SELECT to_json(s.started_at AT TIME ZONE 'UTC') #>> '{}' AS started_at, to_json(s.ended_at AT TIME ZONE 'UTC') #>> '{}' AS ended_at, s.title
      FROM dm.stream_session s JOIN dm.streamer_channel c ON c.id = s.streamer_channel_id WHERE c.kick_broadcaster_user_id = ${id}`);

  it('creates an untracked channel and opens its first slug row', async () => {
    await apply([chatIn(1001, 'alpha', '2025-01-01T10:00:00Z', 'Alpha')]);
    expect(await channel(1001)).toEqual([{ slug: 'alpha', display_name: 'Alpha', tracking: false, event_time: expect.stringMatching(/^2025-01-01T10:00:00/) }]);
    expect(await history(1001)).toEqual([{ slug: 'alpha', valid_from: '2025-01-01T10:00:00', valid_to: null }]);
  });

  it('closes the old slug and opens the new one when the slug changes', async () => {
    await apply([chatIn(1002, 'beta', '2025-01-01T10:00:00Z')]);
    await apply([chatIn(1002, 'beta-renamed', '2025-01-02T10:00:00Z')]);
    expect(await channel(1002)).toEqual([expect.objectContaining({ slug: 'beta-renamed' })]);
    expect(await history(1002)).toEqual([
      { slug: 'beta', valid_from: '2025-01-01T10:00:00', valid_to: '2025-01-02T10:00:00' },
      { slug: 'beta-renamed', valid_from: '2025-01-02T10:00:00', valid_to: null },
    ]);
  });

  it('ignores a late (older) slug change', async () => {
    await apply([chatIn(1003, 'gamma-new', '2025-01-03T10:00:00Z', 'New')]);
    await apply([chatIn(1003, 'gamma-old', '2025-01-02T10:00:00Z', 'Old')]);
    expect(await channel(1003)).toEqual([expect.objectContaining({ slug: 'gamma-new', display_name: 'New' })]);
    expect(await history(1003)).toEqual([{ slug: 'gamma-new', valid_from: '2025-01-03T10:00:00', valid_to: null }]);
  });

  it('lets a viewer probe rename a channel and keeps the display name it does not carry', async () => {
    await apply([chatIn(1004, 'delta', '2025-01-01T10:00:00Z', 'Delta')]);
    await apply([event('kick.viewer_probe.v1', { ...probe, broadcaster_user_id: 1004, slug: 'delta-probed' }, '2025-01-04T10:00:00Z')]);
    expect(await channel(1004)).toEqual([expect.objectContaining({ slug: 'delta-probed', display_name: 'Delta' })]);
    expect(await history(1004)).toHaveLength(2);
  });

  it('writes one channel row and the latest slug for a batch with many events of one channel', async () => {
    const batch = Array.from({ length: 200 }, (_, i) => chatIn(1005, i % 2 === 0 ? 'even' : 'odd', new Date(Date.UTC(2025, 0, 1, 0, i)).toISOString()));
    await apply(batch);
    expect(await channel(1005)).toEqual([expect.objectContaining({ slug: 'odd', event_time: expect.stringMatching(/^2025-01-01T03:19:00/) })]);
    expect(await history(1005)).toEqual([{ slug: 'odd', valid_from: '2025-01-01T03:19:00', valid_to: null }]);
  });

  it.each([
    ['start then end', ['start', 'end']],
    ['end then start', ['end', 'start']],
    ['start, end, end and start again', ['start', 'end', 'end', 'start']],
  ] as const)('opens and closes one stream session: %s', async (_name, order) => {
    const id = 2000 + order.length * 10 + (order[0] === 'end' ? 1 : 0);
    const events = { start: liveIn(id, 'start', '2025-01-01T00:00:02Z', 'Going live'), end: liveIn(id, 'end', '2025-01-01T04:00:03Z', 'That was fun') };
    for (const which of order) await apply([events[which]]);
    expect(await sessions(id)).toEqual([{ started_at: '2025-01-01T00:00:00', ended_at: '2025-01-01T04:00:00', title: 'That was fun' }]);
  });

  it('applies start and end arriving in one batch', async () => {
    await apply([liveIn(2100, 'end', '2025-01-01T04:00:03Z'), liveIn(2100, 'start', '2025-01-01T00:00:02Z')]);
    expect(await sessions(2100)).toEqual([{ started_at: '2025-01-01T00:00:00', ended_at: '2025-01-01T04:00:00', title: 'Stream Title' }]);
  });

  it('lets concurrent batches rename the same new channels without deadlock or duplicate rows', async () => {
    const batches = Array.from({ length: 6 }, (_, b) =>
      [3001, 3002, 3003].map((id) => chatIn(id, `c${String(id)}-${String(b)}`, new Date(Date.UTC(2025, 0, 1, b)).toISOString())).reverse(),
    );
    await Promise.all(batches.map((batch) => apply(batch)));
    for (const id of [3001, 3002, 3003]) {
      expect(await channel(id)).toEqual([expect.objectContaining({ slug: `c${String(id)}-5` })]);
      const rows = (await history(id)) as readonly { valid_to: string | null }[];
      expect(rows.filter((r) => r.valid_to === null)).toHaveLength(1);
    }
  });
});
