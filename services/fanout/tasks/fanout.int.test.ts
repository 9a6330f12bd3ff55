import { Logger as GraphileLogger, runOnce, type TaskList } from 'graphile-worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDmPool, type DmPool } from '../../shared/pg/pools.ts';
import { withPgClient } from '../../shared/testkit/pgClient.ts';
import { useTestDatabase } from '../../shared/testkit/testDatabase.ts';
import { answerAll, startFakeEnvironment, type FakeEnvironment } from '../test/fakeEnvironment.ts';
import { deadLetterRows, deliveryRows, seedOutbox, urlAsRole } from '../test/seedOutbox.ts';
import { metricValue, newSecret, senderDeps, target, testClock } from '../test/senderHarness.ts';
import { FANOUT_TASK, fanoutQueueName, fanoutRetryJobKey, fanoutTask, type FanoutDeps } from './fanout.ts';

const db = useTestDatabase('dm');
const secret = newSecret();
let pool: DmPool;
let env: FakeEnvironment;
let asIngest: string;

beforeAll(async () => {
  asIngest = urlAsRole(db.current.url, 'vf_ingest');
  pool = await createDmPool(asIngest);
  env = await startFakeEnvironment([secret]);
});

afterAll(async () => {
  await pool.end();
  await env.close();
});

/** Queues a job with SQL, as the accept path does (same queue and key), acting as vf_ingest. */
async function queueJob(payload: unknown, queue: string): Promise<void> {
  await withPgClient(asIngest, (client) =>
    client.query('SELECT graphile_worker.add_job($1, $2::json, queue_name => $3, job_key => $3, job_key_mode => $4)', [FANOUT_TASK, JSON.stringify(payload), queue, 'preserve_run_at']),
  );
}

async function jobs(): Promise<{ queue: string | null; key: string | null; runAt: Date; attempts: number; payload: unknown }[]> {
  return withPgClient(db.current.url, async (client) => {
    const { rows } = await client.query<{ queue_name: string | null; key: string | null; run_at: Date; attempts: number; payload: unknown }>(
      'SELECT j.queue_name, j.key, j.run_at, j.attempts, p.payload FROM graphile_worker.jobs j JOIN graphile_worker._private_jobs p ON p.id = j.id ORDER BY j.id',
    );
    return rows.map((r) => ({ queue: r.queue_name, key: r.key, runAt: r.run_at, attempts: r.attempts, payload: r.payload }));
  });
}

async function runJobs(taskList: TaskList): Promise<void> {
  await runOnce({ connectionString: asIngest, taskList, concurrency: 1, noHandleSignals: true, logger: new GraphileLogger(() => () => undefined) });
}

function deps(overrides: Partial<FanoutDeps> = {}): FanoutDeps & ReturnType<typeof senderDeps> {
  return { ...senderDeps(pool, testClock(), { now: () => new Date() }), targets: [], ...overrides };
}

describe('fanout task', () => {
  it('delivers a target’s pending events when graphile-worker runs the job the accept path queued', async () => {
    const seeded = await seedOutbox(db.current.url, ['gamma'], { count: 3 });
    await queueJob({ target: 'gamma' }, fanoutQueueName('gamma'));
    const d = deps({ targets: [target('gamma', env.url, [secret])] });
    const before = env.requests.length;

    await runJobs({ [FANOUT_TASK]: fanoutTask(d) });

    expect(env.requests.slice(before).map((r) => r.ids)).toEqual([seeded.map((s) => s.envelopeId)]);
    expect((await deliveryRows(db.current.url, 'gamma')).every((r) => r.status === 'done')).toBe(true);
    expect(await jobs()).toEqual([]);
    expect(await metricValue(d.metrics.pending, { target: 'gamma' })).toBe(0);
  });

  it('re-queues itself for the retry time when the target is failing, under its own job key', async () => {
    await seedOutbox(db.current.url, ['delta'], { count: 1 });
    await queueJob({ target: 'delta' }, fanoutQueueName('delta'));
    env.respond = () => ({ status: 503, headers: { 'retry-after': '60' } });
    const d = deps({ targets: [target('delta', env.url, [secret])] });
    const started = Date.now();
    try {
      await runJobs({ [FANOUT_TASK]: fanoutTask(d) });
    } finally {
      env.respond = answerAll('processed');
    }

    const queued = await jobs();
    expect(queued.map((j) => [j.queue, j.key, j.attempts, j.payload])).toEqual([[fanoutQueueName('delta'), fanoutRetryJobKey('delta'), 0, { target: 'delta' }]]);
    const delay = (queued[0]?.runAt.getTime() ?? 0) - started;
    expect(delay).toBeGreaterThanOrEqual(59_000);
    expect(delay).toBeLessThan(65_000);
    expect(await metricValue(d.metrics.pending, { target: 'delta' })).toBe(1);
    await withPgClient(db.current.url, (client) => client.query('DELETE FROM graphile_worker._private_jobs'));
  });

  it('dead-letters a job naming an unknown target or no target, and returns', async () => {
    await queueJob({ target: 'nowhere' }, fanoutQueueName('nowhere'));
    await queueJob({ destination: 'x' }, 'fanout:bad');

    await runJobs({ [FANOUT_TASK]: fanoutTask(deps({ targets: [target('gamma', env.url, [secret])] })) });

    expect(await jobs()).toEqual([]);
    // The two jobs are in different queues: graphile-worker may run them in either order.
    const letters = (await deadLetterRows(db.current.url)).filter((d) => d.kind === 'job').sort((a, b) => a.reason.localeCompare(b.reason));
    expect(letters.map((d) => [d.reason, d.target, d.payload])).toEqual([
      ['invalid_payload', null, { destination: 'x' }],
      ['unknown_target', 'nowhere', { target: 'nowhere' }],
    ]);
    expect(letters[1]?.error).toContain('configured: gamma');
  });

  it('sends nothing in dry-run mode (no targets configured)', async () => {
    const seeded = await seedOutbox(db.current.url, ['stage'], { count: 2 });
    await queueJob({ target: 'stage' }, fanoutQueueName('stage'));
    const before = env.requests.length;

    await runJobs({ [FANOUT_TASK]: fanoutTask(deps({ targets: [] })) });

    expect(env.requests.length).toBe(before);
    expect((await deliveryRows(db.current.url, 'stage')).map((r) => [r.envelopeId, r.status, r.batchId])).toEqual(seeded.map((s) => [s.envelopeId, 'pending', null]));
    expect((await deadLetterRows(db.current.url)).filter((d) => d.target === 'stage').map((d) => d.error)).toEqual([expect.stringContaining('dry-run')]);
  });
});
