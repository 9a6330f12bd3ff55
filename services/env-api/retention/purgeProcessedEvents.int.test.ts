/**
 * The processed_events retention purge on a real environment database, as vf_env.
 */
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../shared/logging/createLogger.ts';
import { createEnvPool, type EnvPool } from '../../shared/pg/pools.ts';
import { withPgClient } from '../../shared/testkit/pgClient.ts';
import { useTestDatabase } from '../../shared/testkit/testDatabase.ts';
import { createEnvApiMetrics } from '../metrics/envApiMetrics.ts';
import { withRole } from '../test/envAppHarness.ts';
import { purgeProcessedEvents } from './purgeProcessedEvents.ts';
import { startRetentionTimer } from './startRetentionTimer.ts';

const db = useTestDatabase('env');
let pool: EnvPool;
const now = new Date('2026-03-01T12:00:00Z');

beforeAll(async () => {
  pool = await createEnvPool(withRole(db.current.url, 'vf_env'));
});

afterAll(async () => {
  await pool.end();
});

/** Inserts one processed_events row per age (days before `now`) and returns their ids. */
async function seed(ageDays: readonly number[], at: Date = now): Promise<string[]> {
  const ids = ageDays.map(() => uuidv7());
  await withPgClient(db.current.url, async (client) => {
    for (const [i, age] of ageDays.entries()) {
      const processedAt = new Date(at.getTime() - age * 86_400_000);
      // The provider time is recent on purpose: the purge goes by when the event was applied.
      await client.query('INSERT INTO processed_events (event_id, type, time, processed_at) VALUES ($1, $2, $3, $4)', [ids[i], 'kick.chat.message.sent.v1', at, processedAt]);
    }
  });
  return ids;
}

async function remaining(ids: readonly string[]): Promise<string[]> {
  return withPgClient(db.current.url, async (client) => {
    const { rows } = await client.query<{ event_id: string }>('SELECT event_id::text FROM processed_events WHERE event_id = ANY($1::uuid[]) ORDER BY event_id', [ids]);
    return rows.map((row) => row.event_id);
  });
}

async function clear(): Promise<void> {
  await withPgClient(db.current.url, (client) => client.query('DELETE FROM processed_events'));
}

describe('purgeProcessedEvents', () => {
  it('deletes the rows processed before now − retention and keeps the others', async () => {
    await clear();
    const [old, older, edge, recent] = await seed([46, 400, 44.99, 1]);
    const deleted = await purgeProcessedEvents(pool, { retentionDays: 45, now });
    expect(deleted).toBe(2);
    expect(await remaining([old, older, edge, recent].filter((id): id is string => id !== undefined))).toEqual([edge, recent].sort());
  });

  it('deletes in chunks until nothing old is left', async () => {
    await clear();
    const ids = await seed(Array.from({ length: 25 }, () => 50));
    const keep = await seed([10]);
    expect(await purgeProcessedEvents(pool, { retentionDays: 45, now, chunkRows: 10 })).toBe(25);
    expect(await remaining([...ids, ...keep])).toEqual(keep);
  });
});

describe('startRetentionTimer', () => {
  it('purges once at start, counts the rows, and stops cleanly', async () => {
    await clear();
    const real = new Date();
    const [old, recent] = await seed([60, 0], real);
    const metrics = createEnvApiMetrics();
    const timer = startRetentionTimer({ pool, retentionDays: 45, metrics, logger: silentLogger() });
    await timer.stop();
    expect(await remaining([old ?? '', recent ?? ''])).toEqual([recent]);
    expect((await metrics.processedEventsPurged.get()).values[0]?.value).toBe(1);
  });
});
