import { Writable } from 'node:stream';
import { Logger as WorkerLogger, parseCrontab, quickAddJob, runOnce, type TaskList } from 'graphile-worker';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../shared/logging/createLogger.ts';
import { createDmPool, type DmPool } from '../../shared/pg/pools.ts';
import { withPgClient } from '../../shared/testkit/pgClient.ts';
import { useTestDatabase } from '../../shared/testkit/testDatabase.ts';
import { createKickApiClient } from '../kickApi/createKickApiClient.ts';
import type { KickApiClient } from '../kickApi/kickApi.ts';
import { startFakeKickApi, type FakeKickApi } from '../kickApi/test/fakeKickApi.ts';
import { createIngestMetrics } from '../metrics/ingestMetrics.ts';
import { insertChannel, resetDm } from '../subscriptions/test/subscriptionFixtures.ts';
import { createKickSyncSubscriptionsTask, kickSyncSubscriptionsCrontab, kickSyncSubscriptionsTaskIdentifier } from './kick_sync_subscriptions.ts';

const quietWorker = new WorkerLogger(() => () => undefined);

function capturingLogger(): { logger: Logger; lines: () => { msg: string }[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  const logger = pino({ level: 'info' }, stream);
  return { logger, lines: () => chunks.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { msg: string }) };
}

describe('kick_sync_subscriptions task through a real graphile-worker', () => {
  const dm = useTestDatabase('dm');
  let pool: DmPool;
  let fake: FakeKickApi;

  const taskList = (kickApi: KickApiClient | null, logger = capturingLogger().logger): TaskList => ({
    [kickSyncSubscriptionsTaskIdentifier]: createKickSyncSubscriptionsTask({ pool, kickApi, logger, metrics: createIngestMetrics() }),
  });
  const runQueued = async (tasks: TaskList) => {
    await quickAddJob({ connectionString: dm.current.url, logger: quietWorker }, kickSyncSubscriptionsTaskIdentifier, {});
    await runOnce({ connectionString: dm.current.url, taskList: tasks, logger: quietWorker, noHandleSignals: true });
  };
  const pendingJobs = () =>
    withPgClient(dm.current.url, async (c) => {
      const result = await c.query<{ task: string; delay_s: number; attempts: number }>(
        `SELECT task_identifier AS task, extract(epoch FROM run_at - now())::float8 AS delay_s, attempts FROM graphile_worker.jobs`,
      );
      return result.rows;
    });

  beforeAll(async () => {
    pool = await createDmPool(dm.current.url, { maximumPoolSize: 2 });
  });
  afterAll(async () => {
    await pool.end();
  });
  beforeEach(async () => {
    fake = await startFakeKickApi();
    await resetDm(dm.current.url);
    await withPgClient(dm.current.url, (c) => c.query('DELETE FROM graphile_worker._private_jobs'));
    await insertChannel(dm.current.url, { broadcasterUserId: 2001, slug: 'delta', tracking: true });
  });
  afterEach(async () => {
    await fake.close();
  });

  const client = () => createKickApiClient({ apiBaseUrl: fake.baseUrl, authBaseUrl: fake.baseUrl, clientId: fake.clientId, clientSecret: fake.clientSecret });

  it('exports a crontab line graphile-worker parses, for this task, hourly', () => {
    const [item] = parseCrontab(kickSyncSubscriptionsCrontab);
    expect(item).toMatchObject({ task: kickSyncSubscriptionsTaskIdentifier, match: expect.any(Function) });
    expect(item?.options).toMatchObject({ maxAttempts: 5, jobKey: 'kick_sync_subscriptions' });
    const matchingMinutes = Array.from({ length: 24 * 60 }, (_, m) => ({ min: m % 60, hour: Math.floor(m / 60), date: 5, month: 3, dow: 2 })).filter((d) => item?.match(d));
    expect(matchingMinutes).toHaveLength(24);
  });

  it('subscribes tracked channels when the job runs', async () => {
    await runQueued(taskList(client()));
    expect(fake.subscriptions().filter((s) => s.broadcaster_user_id === 2001)).toHaveLength(10);
    expect(await pendingJobs()).toEqual([]);
  });

  it('without Kick credentials logs once that it is idle and completes', async () => {
    const capture = capturingLogger();
    const idle = taskList(null, capture.logger);
    await runQueued(idle);
    await runQueued(idle);
    expect(capture.lines().filter((l) => l.msg.includes('idle'))).toHaveLength(1);
    expect(await pendingJobs()).toEqual([]);
    expect(fake.requests).toEqual([]);
  });

  it('reschedules itself for Retry-After when Kick rate-limits it', async () => {
    fake.failNext('/public/v1/events/subscriptions', { status: 429, retryAfterSeconds: 120 });
    await runQueued(taskList(client()));
    const jobs = await pendingJobs();
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ task: kickSyncSubscriptionsTaskIdentifier, attempts: 0 });
    expect(jobs[0]?.delay_s).toBeGreaterThan(100);
    expect(jobs[0]?.delay_s).toBeLessThanOrEqual(120);
  });

  it('fails the job (for graphile to retry) on other Kick errors', async () => {
    fake.failNext('/public/v1/events/subscriptions', { status: 503 });
    await runQueued(taskList(client()));
    expect(await pendingJobs()).toEqual([expect.objectContaining({ attempts: 1 })]);
  });
});
