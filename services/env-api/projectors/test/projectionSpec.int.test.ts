import { sql } from 'slonik';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnvPool, type EnvPool } from '../../../shared/pg/pools.ts';
import { useTestDatabase } from '../../../shared/testkit/testDatabase.ts';
import { applyEnvelope, envelopeFor, expectRebuildGivesSameRows, inRolledBackTransaction, projectionSpec, snapshotTables } from './projectionSpec.ts';

const db = useTestDatabase('env');
let pool: EnvPool;
beforeAll(async () => {
  pool = await createEnvPool(db.current.url, { maximumPoolSize: 2 });
});
afterAll(async () => {
  await pool.end();
});
const spec = projectionSpec(() => pool);

const follows = sql.unsafe`SELECT broadcaster_user_id, follower_user_id FROM kick_follows`;

describe('projectionSpec', () => {
  it('applies given and when envelopes as the receiver does: a repeated envelope is a duplicate', () => {
    const follow = envelopeFor('kick.channel.followed.v1');
    return spec.given(follow).when(follow).then(async ({ rows, results }) => {
      expect(results).toEqual(['duplicate']);
      expect(await rows(sql.unsafe`SELECT event_id, type, time FROM processed_events`)).toEqual([
        { event_id: follow.id, type: 'kick.channel.followed.v1', time: '2025-01-14T16:10:00+00:00' },
      ]);
      expect(await rows(follows)).toEqual([{ broadcaster_user_id: 123456789, follower_user_id: 987654321 }]);
    });
  });

  it('rolls every spec back, so the next one starts from empty tables', async () => {
    await spec.given(envelopeFor('kick.channel.followed.v1')).when().then(async ({ rows }) => {
      expect(await rows(follows)).toHaveLength(1);
    });
    expect(await pool.anyFirst(sql.unsafe`SELECT count(*)::int FROM kick_follows`)).toEqual([0]);
    expect(await pool.anyFirst(sql.unsafe`SELECT count(*)::int FROM processed_events`)).toEqual([0]);
  });

  it('runs as the environment API role vf_env in UTC', () =>
    spec.given().when().then(async ({ rows }) => {
      expect(await rows(sql.unsafe`SELECT current_user AS role, current_setting('TimeZone') AS zone`)).toEqual([{ role: 'vf_env', zone: 'UTC' }]);
    }));

  it('fails the spec when then throws, and still rolls back', async () => {
    const failing = spec.given().when(envelopeFor('kick.channel.followed.v1')).then(() => Promise.reject(new Error('boom')));
    await expect(failing).rejects.toThrow('boom');
    expect(await pool.anyFirst(sql.unsafe`SELECT count(*)::int FROM kick_follows`)).toEqual([0]);
  });
});

describe('applyEnvelope on a pool', () => {
  it('commits the processed_events row and the projection together', async () => {
    const follow = envelopeFor('kick.channel.followed.v1', { data: { follower: { user_id: 5 } } });
    try {
      expect(await applyEnvelope(pool, follow)).toBe('processed');
      expect(await applyEnvelope(pool, follow)).toBe('duplicate');
      expect(await pool.anyFirst(sql.unsafe`SELECT follower_user_id FROM kick_follows`)).toEqual([5n]);
    } finally {
      await pool.query(sql.unsafe`TRUNCATE kick_follows, processed_events`);
    }
  });
});

describe('snapshotTables and expectRebuildGivesSameRows', () => {
  it('snapshots rows in a canonical order whatever the insert order', async () => {
    const a = envelopeFor('kick.channel.followed.v1', { data: { follower: { user_id: 1 } } });
    const b = envelopeFor('kick.channel.followed.v1', { data: { follower: { user_id: 2 } } });
    const snapshot = (order: typeof a[]) =>
      inRolledBackTransaction(pool, async (tx) => {
        for (const e of order) await applyEnvelope(tx, e);
        return snapshotTables(tx, ['kick_follows']);
      });
    expect(await snapshot([b, a])).toEqual(await snapshot([a, b]));
  });

  it('returns the rows it rebuilt and leaves nothing behind', async () => {
    const envelopes = [1, 2, 3].map((id) => envelopeFor('kick.channel.followed.v1', { data: { follower: { user_id: id } } }));
    const rows = await expectRebuildGivesSameRows(pool, { tables: ['kick_follows'], envelopes, seeds: [1, 2] });
    expect(rows['kick_follows']).toHaveLength(3);
    expect(await pool.anyFirst(sql.unsafe`SELECT count(*)::int FROM kick_follows`)).toEqual([0]);
  });
});
