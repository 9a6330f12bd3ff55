import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDmPool, type DmPool } from '../shared/pg/pools.ts';
import { useTestDatabase } from '../shared/testkit/testDatabase.ts';
import { sendPending } from './sendPending.ts';
import { answerAll, startFakeEnvironment, type FakeEnvironment } from './test/fakeEnvironment.ts';
import { batchRows, deadLetterRows, deliveryRows, seedOutbox, urlAsRole } from './test/seedOutbox.ts';
import { metricValue, newSecret, senderDeps, target, testClock, testTuning } from './test/senderHarness.ts';

const db = useTestDatabase('dm');
const secret = newSecret();
let pool: DmPool;
let env: FakeEnvironment;

beforeAll(async () => {
  pool = await createDmPool(urlAsRole(db.current.url, 'vf_ingest'));
  env = await startFakeEnvironment([secret]);
});

afterAll(async () => {
  await pool.end();
  await env.close();
});

describe('sendPending: per-event answers', () => {
  it('settles each event by its result: done, dead letter, parked, retried', async () => {
    const seeded = await seedOutbox(db.current.url, ['mixed'], { count: 6 });
    const ids = seeded.map((s) => s.envelopeId);
    env.respond = () => ({
      status: 200,
      body: {
        results: [
          { id: ids[0], status: 'processed' },
          { id: ids[1], status: 'duplicate' },
          { id: ids[2], status: 'rejected', error: { code: 'ENVAPI_DATA_INVALID', message: '/data/broadcaster must be object' } },
          { id: ids[3], status: 'unsupported', error: { code: 'ENVAPI_EVENT_TYPE_UNKNOWN', message: 'unknown here' } },
          { id: ids[4], status: 'failed', error: { code: 'ENVAPI_PROJECTOR_FAILED', message: 'deadlock' } },
          // ids[5] is missing from the answer.
        ],
      },
    });
    const clock = testClock();
    const deps = senderDeps(pool, clock);

    const result = await sendPending(deps, target('mixed', env.url, [secret]));

    // Jitter 0.5 of the first ceiling (1 s): the retried ones are due half a second later.
    const retryAt = new Date(clock.now().getTime() + 500);
    expect(result).toEqual({ kind: 'waiting', batchesSent: 1, nextAt: retryAt });
    const rows = await deliveryRows(db.current.url, 'mixed');
    expect(rows.map((r) => [r.status, r.lastResult, r.attempts])).toEqual([
      ['done', 'processed', 1],
      ['done', 'duplicate', 1],
      ['dead', 'rejected', 1],
      ['parked', 'unsupported', 1],
      ['pending', 'failed', 1],
      ['pending', 'missing', 1],
    ]);
    expect(rows.map((r) => r.doneAt !== null)).toEqual([true, true, false, false, false, false]);
    expect(rows[3]?.lastError).toBe('ENVAPI_EVENT_TYPE_UNKNOWN: unknown here');
    expect(rows[4]?.lastError).toBe('ENVAPI_PROJECTOR_FAILED: deadlock');
    expect(rows.slice(4).map((r) => r.nextAttemptAt)).toEqual([retryAt, retryAt]);
    expect((await deadLetterRows(db.current.url)).filter((d) => d.target === 'mixed')).toEqual([
      { kind: 'delivery', outboxDeliveryId: seeded[2]?.deliveryIds['mixed'], envelopeId: ids[2], target: 'mixed', reason: 'rejected', error: 'ENVAPI_DATA_INVALID: /data/broadcaster must be object', payload: null },
    ]);
    for (const [outcome, want] of [['processed', 1], ['duplicate', 1], ['rejected', 1], ['unsupported', 1], ['failed', 1], ['missing', 1]] as const) {
      expect(await metricValue(deps.metrics.deliveries, { target: 'mixed', outcome })).toBe(want);
    }

    // The retried ones go again in a new batch once due, and only they.
    env.respond = answerAll('processed');
    const before = env.requests.length;
    clock.set(retryAt);
    expect(await sendPending(deps, target('mixed', env.url, [secret]))).toEqual({ kind: 'idle', batchesSent: 1 });
    expect(env.requests.slice(before).map((r) => r.ids)).toEqual([[ids[4], ids[5]]]);
    expect((await deliveryRows(db.current.url, 'mixed')).slice(4).map((r) => [r.status, r.lastResult, r.attempts])).toEqual([
      ['done', 'processed', 2],
      ['done', 'processed', 2],
    ]);
    expect((await batchRows(db.current.url, 'mixed')).map((b) => [b.deliveryIds.length, b.outcome])).toEqual([
      [6, 'answered'],
      [2, 'answered'],
    ]);
  });

  it('retries a failing event with growing back-off, then dead-letters it after FANOUT_MAX_ATTEMPTS answers', async () => {
    const [event] = await seedOutbox(db.current.url, ['failing'], { count: 1 });
    env.respond = (request) => ({ status: 200, body: { results: request.ids.map((id) => ({ id, status: 'failed', error: { code: 'ENVAPI_PROJECTOR_FAILED', message: 'still broken' } })) } });
    const clock = testClock();
    const deps = senderDeps(pool, clock, { tuning: { ...testTuning, maxAttempts: 3 } });
    const before = env.requests.length;

    const first = await sendPending(deps, target('failing', env.url, [secret]));
    expect(first).toEqual({ kind: 'waiting', batchesSent: 1, nextAt: new Date(clock.now().getTime() + 500) });
    clock.advance(500);
    const second = await sendPending(deps, target('failing', env.url, [secret]));
    // Second failure: the ceiling doubled to 2 s, jitter 0.5 → 1 s.
    expect(second).toEqual({ kind: 'waiting', batchesSent: 1, nextAt: new Date(clock.now().getTime() + 1_000) });
    clock.advance(1_000);
    expect(await sendPending(deps, target('failing', env.url, [secret]))).toEqual({ kind: 'idle', batchesSent: 1 });

    const requests = env.requests.slice(before);
    expect(requests.map((r) => r.ids)).toEqual([[event?.envelopeId], [event?.envelopeId], [event?.envelopeId]]);
    expect(new Set(requests.map((r) => r.headers['webhook-id'])).size).toBe(3);
    expect((await deliveryRows(db.current.url, 'failing')).map((r) => [r.status, r.attempts, r.lastResult])).toEqual([['dead', 3, 'failed']]);
    expect((await deadLetterRows(db.current.url)).filter((d) => d.target === 'failing').map((d) => [d.reason, d.error, d.envelopeId])).toEqual([
      ['max_attempts', 'ENVAPI_PROJECTOR_FAILED: still broken', event?.envelopeId],
    ]);
    expect(await metricValue(deps.metrics.deliveries, { target: 'failing', outcome: 'dead' })).toBe(1);
  });
});
