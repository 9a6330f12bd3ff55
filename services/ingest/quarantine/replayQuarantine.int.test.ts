import { sql } from 'slonik';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DmPool } from '../../shared/pg/pools.ts';
import { useTestDatabase } from '../../shared/testkit/testDatabase.ts';
import { replayQuarantine } from './replayQuarantine.ts';
import { createIngestPool, markSunk, seedQuarantine } from './test/quarantineSeeds.ts';

const targets = ['qa-one', 'qa-two'];
const RELEASED_AT = new Date('2030-01-02T03:04:05.678Z');

describe('replayQuarantine against real PostgreSQL', () => {
  const db = useTestDatabase('dm');
  let pool: DmPool;
  beforeAll(async () => {
    pool = await createIngestPool(db.current.url);
  });
  afterAll(async () => {
    await pool.end();
  });

  const replay = (request: Parameters<typeof replayQuarantine>[1]) => replayQuarantine({ pool, targets, now: () => RELEASED_AT }, request);

  const stored = async (rawId: string) =>
    pool.one(sql.unsafe`
      SELECT i.status, i.envelope_id::text AS envelope_id, i.event_type, q.reason, q.validation_errors, q.released_at IS NOT NULL AS released,
             (SELECT count(*)::int FROM ingest.outbox o WHERE o.inbox_id = i.id) AS envelopes,
             (SELECT count(*)::int FROM ingest.outbox o JOIN ingest.outbox_delivery d ON d.outbox_position = o.position WHERE o.inbox_id = i.id) AS deliveries
      FROM ingest.inbox i JOIN ingest.quarantine q ON q.inbox_id = i.id WHERE i.raw_event_id = ${rawId}`);

  it('releases an event quarantined for its age, once: envelope, a delivery row per target, dm upkeep, fan-out jobs', async () => {
    const [rawId = ''] = await seedQuarantine(pool, [{ kind: 'window', type: 'kick.livestream.status.updated.v1', nonce: 'release-1' }]);
    expect(await stored(rawId)).toMatchObject({ status: 'quarantined', reason: 'INGEST_TIMESTAMP_OUTSIDE_WINDOW', envelopes: 0 });

    const first = await replay({ ids: [rawId] });
    const envelopeId = first.results[0]?.envelopeId;
    expect(first).toEqual({ released: 1, stillQuarantined: 0, results: [{ id: rawId, outcome: 'released', envelopeId: expect.any(String) }] });
    expect(await stored(rawId)).toMatchObject({ status: 'accepted', envelope_id: envelopeId, event_type: 'livestream.status.updated', released: true, envelopes: 1, deliveries: 2 });
    const envelope = await pool.one(sql.unsafe`SELECT envelope, to_json(time) #>> '{}' AS time FROM ingest.outbox WHERE envelope_id = ${envelopeId ?? ''}`);
    expect(envelope).toMatchObject({ envelope: { id: envelopeId, type: 'kick.livestream.status.updated.v1', vfrawid: rawId, subject: 'kick/broadcaster/123456789' } });
    expect(await pool.oneFirst(sql.unsafe`SELECT count(*)::int FROM dm.stream_session`)).toBe(1);
    expect(await pool.anyFirst(sql.unsafe`SELECT key FROM graphile_worker.jobs WHERE key LIKE 'fanout:%' ORDER BY key`)).toEqual(['fanout:qa-one', 'fanout:qa-two']);

    const again = await replay({ ids: [rawId] });
    expect(again).toEqual({ released: 0, stillQuarantined: 0, results: [{ id: rawId, outcome: 'already_released' }] });
    expect(await stored(rawId)).toMatchObject({ envelopes: 1, deliveries: 2, envelope_id: envelopeId });
  });

  it('keeps what still fails quarantined with its current reason and errors', async () => {
    const [unknown = '', invalid = '', notJson = ''] = await seedQuarantine(pool, [
      { kind: 'unknownVersion', nonce: 'still-1' },
      { kind: 'invalidPayload', nonce: 'still-2' },
      { kind: 'sumsubNotJson', nonce: 'still-3' },
    ]);
    // Age was the first check to fail on arrival; today's verdict names the reason that remains.
    expect(await stored(invalid)).toMatchObject({ reason: 'INGEST_TIMESTAMP_OUTSIDE_WINDOW' });
    const result = await replay({ ids: [unknown, invalid, notJson] });
    expect(result).toEqual({
      released: 0,
      stillQuarantined: 3,
      results: [
        { id: unknown, outcome: 'still_quarantined', reason: 'INGEST_EVENT_TYPE_UNKNOWN' },
        { id: invalid, outcome: 'still_quarantined', reason: 'INGEST_PAYLOAD_INVALID' },
        { id: notJson, outcome: 'still_quarantined', reason: 'INGEST_BODY_NOT_JSON' },
      ],
    });
    expect(await stored(invalid)).toMatchObject({
      status: 'quarantined',
      reason: 'INGEST_PAYLOAD_INVALID',
      validation_errors: [expect.objectContaining({ path: '', message: expect.stringContaining('broadcaster') })],
      released: false,
      envelopes: 0,
    });
  });

  it('answers not_found for an unknown id and leaves out named entries another filter excludes', async () => {
    const [kick = ''] = await seedQuarantine(pool, [{ kind: 'unknownVersion', nonce: 'filter-1' }]);
    const unknownId = '0190a000-0000-7000-8000-00000000dead';
    const result = await replay({ ids: [unknownId.toUpperCase(), kick], provider: 'sumsub' });
    expect(result.results).toEqual([{ id: unknownId, outcome: 'not_found' }]);
  });

  it('reports an entry whose bytes the raw sink already moved to ClickHouse as still quarantined, unchanged', async () => {
    const [rawId = ''] = await seedQuarantine(pool, [{ kind: 'window', nonce: 'sunk-1' }]);
    await markSunk(pool, rawId);
    const result = await replay({ ids: [rawId] });
    expect(result.results).toEqual([{ id: rawId, outcome: 'still_quarantined', reason: 'INGEST_TIMESTAMP_OUTSIDE_WINDOW' }]);
    expect(await stored(rawId)).toMatchObject({ status: 'quarantined', released: false, envelopes: 0 });
  });

  it('releases an entry once when two replays run at the same time', async () => {
    const [rawId = ''] = await seedQuarantine(pool, [{ kind: 'window', nonce: 'race-1' }]);
    const outcomes = await Promise.all([replay({ ids: [rawId] }), replay({ ids: [rawId] })]);
    expect(outcomes.map((r) => r.results[0]?.outcome).sort()).toEqual(['already_released', 'released']);
    expect(await stored(rawId)).toMatchObject({ envelopes: 1, deliveries: 2 });
  });

  it('without ids replays every entry still quarantined of the asked reason', async () => {
    const seeded = await seedQuarantine(pool, [
      { kind: 'window', type: 'kick.channel.followed.v1', nonce: 'all-1' },
      { kind: 'window', type: 'kick.kicks.gifted.v1', nonce: 'all-2' },
      { kind: 'sumsubNotJson', nonce: 'all-3' },
    ]);
    const result = await replay({ reason: 'INGEST_TIMESTAMP_OUTSIDE_WINDOW' });
    const byId = new Map(result.results.map((r) => [r.id, r.outcome]));
    expect(byId.get(seeded[0] ?? '')).toBe('released');
    expect(byId.get(seeded[1] ?? '')).toBe('released');
    expect(byId.has(seeded[2] ?? '')).toBe(false);
    // Entries of earlier tests that still fail for age (the sunk one) are considered too, and stay.
    expect(result.results.every((r) => r.outcome === 'released' || r.outcome === 'still_quarantined')).toBe(true);
    expect((await replay({ reason: 'INGEST_TIMESTAMP_OUTSIDE_WINDOW' })).released).toBe(0);
  });

  it('refuses ids that are not raw event ids', async () => {
    await expect(replay({ ids: ['not-a-uuid'] })).rejects.toMatchObject({ code: 'INGEST_REQUEST_INVALID' });
  });
});
