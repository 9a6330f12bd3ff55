import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDmPool, type DmPool } from '../shared/pg/pools.ts';
import { withPgClient } from '../shared/testkit/pgClient.ts';
import { useTestDatabase } from '../shared/testkit/testDatabase.ts';
import { sendPending } from './sendPending.ts';
import { answerAll, startFakeEnvironment, verifiesWith, type FakeEnvironment } from './test/fakeEnvironment.ts';
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

/** A local port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address !== null ? address.port : 9;
}

describe('sendPending: batch-level answers', () => {
  it.each([503, 429])('retries the whole batch after HTTP %i no earlier than Retry-After, with the same webhook-id and body', async (status) => {
    const name = `busy-${String(status)}`;
    const seeded = await seedOutbox(db.current.url, [name], { count: 3 });
    env.respond = () => ({ status, headers: { 'retry-after': '120' }, body: { code: 'ENVAPI_UNAVAILABLE', message: 'later' } });
    const clock = testClock();
    const deps = senderDeps(pool, clock);
    const before = env.requests.length;

    const first = await sendPending(deps, target(name, env.url, [secret]));

    const retryAt = new Date(clock.now().getTime() + 120_000);
    expect(first).toEqual({ kind: 'waiting', batchesSent: 1, nextAt: retryAt });
    expect((await batchRows(db.current.url, name)).map((b) => [b.settled, b.attempts, b.lastHttpStatus, b.nextAttemptAt])).toEqual([[false, 1, status, retryAt]]);
    const rows = await deliveryRows(db.current.url, name);
    expect(rows.every((r) => r.status === 'pending' && r.attempts === 0 && (r.lastError ?? '').includes(`HTTP ${String(status)}`))).toBe(true);

    clock.advance(60_000);
    expect(await sendPending(deps, target(name, env.url, [secret]))).toEqual({ kind: 'waiting', batchesSent: 0, nextAt: retryAt });
    expect(env.requests.length).toBe(before + 1);

    env.respond = answerAll('processed');
    clock.set(retryAt);
    expect(await sendPending(deps, target(name, env.url, [secret]))).toEqual({ kind: 'idle', batchesSent: 1 });
    const [attempt1, attempt2] = env.requests.slice(before);
    expect(attempt2?.headers['webhook-id']).toBe(attempt1?.headers['webhook-id']);
    expect(attempt2?.body).toBe(attempt1?.body);
    expect(attempt2?.ids).toEqual(seeded.map((s) => s.envelopeId));
    expect(await metricValue(deps.metrics.batchAttempts, { target: name, status: String(status) })).toBe(1);
    expect(await metricValue(deps.metrics.batchAttempts, { target: name, status: '200' })).toBe(1);
    expect((await deliveryRows(db.current.url, name)).map((r) => [r.status, r.attempts])).toEqual(seeded.map(() => ['done', 1]));
  });

  it('signs each attempt afresh: a retry more than five minutes after the first attempt still verifies', async () => {
    const start = new Date(Date.now() - 10 * 60_000);
    await seedOutbox(db.current.url, ['late'], { count: 2, nextAttemptAt: start });
    env.respond = (request) => (request.verified ? answerAll('processed')(request) : { status: 401, body: { code: 'ENVAPI_TIMESTAMP_OUTSIDE_TOLERANCE', message: 'too old' } });
    // The first attempt happens (by its clock) ten minutes ago, so its timestamp is outside the
    // receiver's five-minute tolerance; the retry happens now.
    const clock = testClock(start);
    const deps = senderDeps(pool, clock, { random: () => 0 });
    const before = env.requests.length;

    await sendPending(deps, target('late', env.url, [secret]));
    clock.set(new Date());
    await sendPending(deps, target('late', env.url, [secret]));

    const [first, retry] = env.requests.slice(before);
    expect(first?.verified).toBe(false);
    expect(retry?.verified).toBe(true);
    expect(retry !== undefined && verifiesWith(retry, secret)).toBe(true);
    expect(retry?.headers['webhook-id']).toBe(first?.headers['webhook-id']);
    expect(retry?.body).toBe(first?.body);
    expect(Number(retry?.headers['webhook-timestamp']) - Number(first?.headers['webhook-timestamp'])).toBeGreaterThan(5 * 60);
    expect((await deliveryRows(db.current.url, 'late')).every((r) => r.status === 'done')).toBe(true);
  });

  it.each([
    [401, '401'],
    [403, '403'],
    [400, 'other_4xx'],
  ])('keeps retrying after HTTP %i with an alert, and never dead-letters for it', async (status, reason) => {
    const name = `refused-${String(status)}`;
    await seedOutbox(db.current.url, [name], { count: 2 });
    env.respond = () => ({ status, body: { code: 'ENVAPI_SIGNATURE_INVALID', message: 'no' } });
    const clock = testClock();
    const deps = senderDeps(pool, clock, { tuning: { ...testTuning, maxAttempts: 1 } });

    for (let i = 0; i < 3; i += 1) {
      const result = await sendPending(deps, target(name, env.url, [secret]));
      if (result.kind !== 'waiting') throw new Error(`expected waiting, got ${result.kind}`);
      clock.set(result.nextAt);
    }

    expect(await metricValue(deps.metrics.alerts, { target: name, reason })).toBe(3);
    expect((await batchRows(db.current.url, name)).map((b) => [b.settled, b.attempts, b.lastHttpStatus])).toEqual([[false, 3, status]]);
    expect((await deliveryRows(db.current.url, name)).map((r) => [r.status, r.attempts])).toEqual([
      ['pending', 0],
      ['pending', 0],
    ]);
    expect((await deadLetterRows(db.current.url)).filter((d) => d.target === name)).toEqual([]);
  });

  it('raises an alert and retries when a 200 answer is not the contract result list', async () => {
    await seedOutbox(db.current.url, ['garbled'], { count: 1 });
    env.respond = () => ({ status: 200, body: { ok: true } });
    const deps = senderDeps(pool, testClock());

    expect((await sendPending(deps, target('garbled', env.url, [secret]))).kind).toBe('waiting');

    expect(await metricValue(deps.metrics.alerts, { target: 'garbled', reason: 'invalid_answer' })).toBe(1);
    expect((await batchRows(db.current.url, 'garbled')).map((b) => [b.settled, b.lastHttpStatus])).toEqual([[false, 200]]);
    expect((await deliveryRows(db.current.url, 'garbled')).map((r) => r.status)).toEqual(['pending']);
  });

  it('splits a batch the target refuses with 413 and sends the halves', async () => {
    const seeded = await seedOutbox(db.current.url, ['split'], { count: 4 });
    env.respond = (request) => (request.ids.length > 2 ? { status: 413, body: { code: 'ENVAPI_PAYLOAD_TOO_LARGE', message: 'too big' } } : answerAll('processed')(request));
    const before = env.requests.length;

    expect(await sendPending(senderDeps(pool, testClock()), target('split', env.url, [secret]))).toEqual({ kind: 'idle', batchesSent: 3 });

    const ids = seeded.map((s) => s.envelopeId);
    const requests = env.requests.slice(before);
    expect(requests.map((r) => r.ids)).toEqual([ids, ids.slice(0, 2), ids.slice(2)]);
    expect(new Set(requests.map((r) => r.headers['webhook-id'])).size).toBe(3);
    const deliveryIds = seeded.map((s) => s.deliveryIds['split']);
    expect((await batchRows(db.current.url, 'split')).map((b) => [b.deliveryIds, b.outcome, b.lastHttpStatus])).toEqual([
      [deliveryIds, 'split', 413],
      [deliveryIds.slice(0, 2), 'answered', 200],
      [deliveryIds.slice(2), 'answered', 200],
    ]);
    expect((await deliveryRows(db.current.url, 'split')).every((r) => r.status === 'done')).toBe(true);
  });

  it('dead-letters a single event the target refuses with 413, and goes on with the rest', async () => {
    const [big, small] = await seedOutbox(db.current.url, ['lone'], { count: 2, edit: (e, i) => (i === 0 ? { ...e, data: { ...e.data, padding: 'x'.repeat(5_000) } } : e) });
    env.respond = (request) => (request.body.length > 5_000 ? { status: 413, body: { code: 'ENVAPI_PAYLOAD_TOO_LARGE', message: 'too big' } } : answerAll('processed')(request));

    expect(await sendPending(senderDeps(pool, testClock()), target('lone', env.url, [secret]))).toEqual({ kind: 'idle', batchesSent: 3 });

    expect((await deliveryRows(db.current.url, 'lone')).map((r) => [r.envelopeId, r.status])).toEqual([
      [big?.envelopeId, 'dead'],
      [small?.envelopeId, 'done'],
    ]);
    expect((await deadLetterRows(db.current.url)).filter((d) => d.target === 'lone').map((d) => [d.envelopeId, d.reason])).toEqual([[big?.envelopeId, 'too_large']]);
    expect((await batchRows(db.current.url, 'lone')).map((b) => b.outcome)).toEqual(['split', 'too_large', 'answered']);
  });

  it('retries after a timeout without waiting for the answer', async () => {
    await seedOutbox(db.current.url, ['slow'], { count: 1 });
    env.respond = (request) => ({ ...answerAll('processed')(request), delayMs: 1_500 });
    const deps = senderDeps(pool, testClock(), { tuning: { ...testTuning, timeoutMs: 200 } });
    const started = performance.now();

    const result = await sendPending(deps, target('slow', env.url, [secret]));

    expect(performance.now() - started).toBeLessThan(1_400);
    expect(result.kind).toBe('waiting');
    expect((await batchRows(db.current.url, 'slow')).map((b) => [b.settled, b.lastHttpStatus, b.lastError])).toEqual([[false, null, 'no answer within 200 ms']]);
    expect(await metricValue(deps.metrics.batchAttempts, { target: 'slow', status: 'timeout' })).toBe(1);
    expect((await deliveryRows(db.current.url, 'slow')).map((r) => r.status)).toEqual(['pending']);
  });

  it('retries after a transport error', async () => {
    await seedOutbox(db.current.url, ['unreachable'], { count: 1 });
    const deps = senderDeps(pool, testClock());

    const result = await sendPending(deps, target('unreachable', `http://127.0.0.1:${String(await closedPort())}/internal/events`, [secret]));

    expect(result.kind).toBe('waiting');
    expect((await batchRows(db.current.url, 'unreachable')).map((b) => [b.settled, b.lastHttpStatus, b.lastError?.includes('ECONNREFUSED')])).toEqual([[false, null, true]]);
    expect(await metricValue(deps.metrics.batchAttempts, { target: 'unreachable', status: 'transport_error' })).toBe(1);
  });

  it('drops an open batch whose events were all purged meanwhile', async () => {
    const seeded = await seedOutbox(db.current.url, ['purged'], { count: 2 });
    env.respond = () => ({ status: 503 });
    const clock = testClock();
    const deps = senderDeps(pool, clock);
    const first = await sendPending(deps, target('purged', env.url, [secret]));
    if (first.kind !== 'waiting') throw new Error(`expected waiting, got ${first.kind}`);
    await withPgClient(db.current.url, (client) => client.query('DELETE FROM ingest.outbox WHERE position = ANY($1::int8[])', [seeded.map((s) => s.position)]));
    const before = env.requests.length;
    clock.set(first.nextAt);

    expect(await sendPending(deps, target('purged', env.url, [secret]))).toEqual({ kind: 'idle', batchesSent: 0 });
    expect(env.requests.length).toBe(before);
    expect(await batchRows(db.current.url, 'purged')).toEqual([]);
    env.respond = answerAll('processed');
  });

  it('lets a healthy target deliver while another target is down', async () => {
    const seeded = await seedOutbox(db.current.url, ['down', 'up'], { count: 3 });
    const healthy = await startFakeEnvironment([secret]);
    env.respond = () => ({ status: 503, delayMs: 1_000 });
    try {
      let downFinished = false;
      const down = sendPending(senderDeps(pool, testClock()), target('down', env.url, [secret])).finally(() => {
        downFinished = true;
      });
      const up = await sendPending(senderDeps(pool, testClock()), target('up', healthy.url, [secret]));

      expect(up).toEqual({ kind: 'idle', batchesSent: 1 });
      expect(downFinished).toBe(false);
      expect(healthy.requests.map((r) => r.ids)).toEqual([seeded.map((s) => s.envelopeId)]);
      expect((await deliveryRows(db.current.url, 'up')).every((r) => r.status === 'done')).toBe(true);
      expect((await down).kind).toBe('waiting');
      expect((await deliveryRows(db.current.url, 'down')).every((r) => r.status === 'pending')).toBe(true);
    } finally {
      await healthy.close();
    }
  });
});
