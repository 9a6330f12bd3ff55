import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDmPool, type DmPool } from '../shared/pg/pools.ts';
import { withPgClient } from '../shared/testkit/pgClient.ts';
import { useTestDatabase } from '../shared/testkit/testDatabase.ts';
import { sendPending } from './sendPending.ts';
import { startFakeEnvironment, verifiesWith, type FakeEnvironment } from './test/fakeEnvironment.ts';
import { batchRows, deliveryRows, seedOutbox, urlAsRole } from './test/seedOutbox.ts';
import { newSecret, senderDeps, target, testClock, testTuning } from './test/senderHarness.ts';

const db = useTestDatabase('dm');
const [oldSecret, newSecretValue] = [newSecret(), newSecret()];
let pool: DmPool;
let env: FakeEnvironment;

beforeAll(async () => {
  pool = await createDmPool(urlAsRole(db.current.url, 'vf_ingest'));
  env = await startFakeEnvironment([oldSecret, newSecretValue]);
});

afterAll(async () => {
  await pool.end();
  await env.close();
});

async function envelopeSizes(positions: readonly string[]): Promise<number[]> {
  return withPgClient(db.current.url, async (client) => {
    const { rows } = await client.query<{ n: number }>('SELECT octet_length(envelope::text) AS n FROM ingest.outbox WHERE position = ANY($1::int8[]) ORDER BY position', [positions]);
    return rows.map((r) => r.n);
  });
}

describe('sendPending: batches', () => {
  it('sends pending deliveries in outbox order, in stored batches of at most FANOUT_BATCH_MAX_EVENTS', async () => {
    const seeded = await seedOutbox(db.current.url, ['order', 'other'], { count: 5 });
    const before = env.requests.length;
    const clock = testClock();

    const result = await sendPending(senderDeps(pool, clock, { tuning: { ...testTuning, batchMaxEvents: 2 } }), target('order', env.url, [oldSecret]));

    expect(result).toEqual({ kind: 'idle', batchesSent: 3 });
    const requests = env.requests.slice(before);
    expect(requests.map((r) => r.ids)).toEqual([seeded.slice(0, 2), seeded.slice(2, 4), seeded.slice(4)].map((part) => part.map((s) => s.envelopeId)));
    expect(JSON.parse(requests[0]?.body ?? '')).toEqual(seeded.slice(0, 2).map((s) => s.envelope));
    const batches = await batchRows(db.current.url, 'order');
    expect(batches.map((b) => b.deliveryIds)).toEqual([seeded.slice(0, 2), seeded.slice(2, 4), seeded.slice(4)].map((part) => part.map((s) => s.deliveryIds['order'])));
    expect(batches.map((b) => b.id)).toEqual(requests.map((r) => r.headers['webhook-id']));
    expect(batches.map((b) => b.byteSize)).toEqual(requests.map((r) => Buffer.byteLength(r.body)));
    expect(batches.every((b) => b.settled && b.outcome === 'answered' && b.attempts === 1 && b.lastHttpStatus === 200)).toBe(true);
    const rows = await deliveryRows(db.current.url, 'order');
    expect(rows.map((r) => [r.status, r.lastResult, r.attempts, r.doneAt?.getTime()])).toEqual(seeded.map(() => ['done', 'processed', 1, clock.now().getTime()]));
    // The other target's deliveries are its own sender's business.
    expect((await deliveryRows(db.current.url, 'other')).every((r) => r.status === 'pending' && r.batchId === null)).toBe(true);
  });

  it('cuts a batch at FANOUT_BATCH_MAX_BYTES by the exact body size, and sends an oversized event alone', async () => {
    const seeded = await seedOutbox(db.current.url, ['bytes'], { count: 4 });
    const sizes = await envelopeSizes(seeded.map((s) => s.position));
    const [a = 0, b = 0] = sizes;
    const twoEventBody = a + b + 3; // "[" + a + "," + b + "]"
    const before = env.requests.length;

    await sendPending(senderDeps(pool, testClock(), { tuning: { ...testTuning, batchMaxBytes: twoEventBody } }), target('bytes', env.url, [oldSecret]));

    const requests = env.requests.slice(before);
    expect(requests[0]?.ids).toEqual(seeded.slice(0, 2).map((s) => s.envelopeId));
    expect(Buffer.byteLength(requests[0]?.body ?? '')).toBe(twoEventBody);
    expect(requests.flatMap((r) => r.ids)).toEqual(seeded.map((s) => s.envelopeId));
    expect(requests.every((r) => Buffer.byteLength(r.body) <= twoEventBody || r.ids.length === 1)).toBe(true);

    const lone = await seedOutbox(db.current.url, ['bytes'], { count: 2 });
    const start = env.requests.length;
    await sendPending(senderDeps(pool, testClock(), { tuning: { ...testTuning, batchMaxBytes: 10 } }), target('bytes', env.url, [oldSecret]));
    expect(env.requests.slice(start).map((r) => r.ids)).toEqual(lone.map((s) => [s.envelopeId]));
  });

  it('signs with application/cloudevents-batch+json and one signature per secret, each verified by the official package', async () => {
    await seedOutbox(db.current.url, ['signed'], { count: 2 });
    const before = env.requests.length;

    await sendPending(senderDeps(pool, testClock()), target('signed', env.url, [oldSecret, newSecretValue]));

    const [request] = env.requests.slice(before);
    expect(request?.headers['content-type']).toBe('application/cloudevents-batch+json');
    expect(request?.headers['webhook-signature']?.split(' ')).toHaveLength(2);
    expect(request !== undefined && verifiesWith(request, oldSecret)).toBe(true);
    expect(request !== undefined && verifiesWith(request, newSecretValue)).toBe(true);
    expect(request !== undefined && verifiesWith(request, newSecret())).toBe(false);
  });

  it('takes only deliveries whose next attempt is due, and says when the rest are', async () => {
    const seeded = await seedOutbox(db.current.url, ['due'], { count: 2 });
    const clock = testClock();
    const later = new Date(clock.now().getTime() + 90_000);
    await withPgClient(db.current.url, (client) => client.query('UPDATE ingest.outbox_delivery SET next_attempt_at = $1 WHERE id = $2', [later, seeded[1]?.deliveryIds['due']]));
    const before = env.requests.length;

    const result = await sendPending(senderDeps(pool, clock), target('due', env.url, [oldSecret]));

    expect(result).toEqual({ kind: 'waiting', batchesSent: 1, nextAt: later });
    expect(env.requests.slice(before).map((r) => r.ids)).toEqual([[seeded[0]?.envelopeId]]);
    clock.set(later);
    expect(await sendPending(senderDeps(pool, clock), target('due', env.url, [oldSecret]))).toEqual({ kind: 'idle', batchesSent: 1 });
    expect(env.requests.at(-1)?.ids).toEqual([seeded[1]?.envelopeId]);
  });

  it('runs one sender per target: a second run while the first holds the lock reports busy and sends nothing', async () => {
    const seeded = await seedOutbox(db.current.url, ['locked'], { count: 1 });
    const respond = env.respond;
    env.respond = (request) => ({ ...respond(request), delayMs: 400 });
    try {
      const first = sendPending(senderDeps(pool, testClock()), target('locked', env.url, [oldSecret]));
      await new Promise((resolve) => setTimeout(resolve, 150));
      const second = await sendPending(senderDeps(pool, testClock()), target('locked', env.url, [oldSecret]));
      expect(second).toEqual({ kind: 'busy' });
      expect(await first).toEqual({ kind: 'idle', batchesSent: 1 });
    } finally {
      env.respond = respond;
    }
    expect(env.requests.filter((r) => r.ids.includes(seeded[0]?.envelopeId ?? '')).length).toBe(1);
  });
});
