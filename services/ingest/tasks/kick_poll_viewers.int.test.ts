import { Logger as GraphileLogger, quickAddJob, runOnce } from 'graphile-worker';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DmPool } from '../../shared/pg/pools.ts';
import { useTestDatabase } from '../../shared/testkit/testDatabase.ts';
import { createPgAcceptor, type PgAcceptor } from '../accept/pgAcceptor.ts';
import { createKickApiClient } from '../kickApi/createKickApiClient.ts';
import { startFakeKickApi, type FakeKickApi } from '../kickApi/test/fakeKickApi.ts';
import { capturingLogger, countRows, createIngestPool, liveChannels, queryRows, resetDm, seedDueChannels } from '../poller/test/pollerTestKit.ts';
import { kickPollViewersIdentifier, kickPollViewersTask } from './kick_poll_viewers.ts';

const quietGraphile = new GraphileLogger(() => () => undefined);

describe('kick_poll_viewers through a real graphile-worker runOnce', () => {
  const dm = useTestDatabase('dm');
  let pool: DmPool;
  let acceptor: PgAcceptor;
  let fake: FakeKickApi;
  let workerUrl: string;

  beforeAll(async () => {
    pool = await createIngestPool(dm.current.url);
    acceptor = createPgAcceptor(pool, { targets: [] });
    fake = await startFakeKickApi();
    const u = new URL(dm.current.url);
    u.searchParams.set('options', '-c role=vf_ingest');
    workerUrl = u.href;
  });
  afterAll(async () => {
    await acceptor.close();
    await pool.end();
    await fake.close();
  });
  beforeEach(async () => {
    await resetDm(dm.current.url);
    fake.clearRequests();
  });

  async function runJobs(task: ReturnType<typeof kickPollViewersTask>, payloads: readonly unknown[]): Promise<void> {
    for (const payload of payloads) await quickAddJob({ connectionString: workerUrl, logger: quietGraphile }, kickPollViewersIdentifier, payload);
    await runOnce({ connectionString: workerUrl, logger: quietGraphile, concurrency: 1, taskList: { [kickPollViewersIdentifier]: task } });
  }

  it('probes the minute graphile cron stamped on the job', async () => {
    await seedDueChannels(dm.current.url, 100, 2, new Date('2026-11-21T10:00:00Z'));
    fake.setChannels(liveChannels(100, 2));
    const kick = createKickApiClient({ apiBaseUrl: fake.baseUrl, authBaseUrl: fake.baseUrl, clientId: fake.clientId, clientSecret: fake.clientSecret });
    const task = kickPollViewersTask({ pool, kick, acceptor, logger: capturingLogger().logger });
    await runJobs(task, [{ _cron: { ts: '2026-11-21T10:05:00.000Z', backfilled: false } }]);
    const ids = await queryRows<{ provider_message_id: string }>(dm.current.url, 'SELECT provider_message_id FROM ingest.inbox ORDER BY 1');
    expect(ids.map((r) => r.provider_message_id)).toEqual(['probe:100:2026-11-21T10:05:00.000Z', 'probe:101:2026-11-21T10:05:00.000Z']);
    expect(await countRows(dm.current.url, 'SELECT * FROM graphile_worker.jobs WHERE task_identifier = $1', [kickPollViewersIdentifier])).toBe(0);
  });

  it('without Kick credentials logs once that the poller is idle and calls nothing', async () => {
    await seedDueChannels(dm.current.url, 200, 2, new Date('2026-11-21T10:00:00Z'));
    const capture = capturingLogger();
    const task = kickPollViewersTask({ pool, kick: null, acceptor, logger: capture.logger });
    await runJobs(task, [{}, {}, {}]);
    const idle = capture.lines().filter((l) => l.msg.includes('idle'));
    expect(idle).toHaveLength(1);
    expect(idle[0]?.msg).toContain('KICK_CLIENT_ID/KICK_CLIENT_SECRET');
    expect(fake.requests).toHaveLength(0);
    expect(await countRows(dm.current.url, 'SELECT * FROM dm.scrape_log')).toBe(0);
    expect(await countRows(dm.current.url, 'SELECT * FROM graphile_worker.jobs WHERE task_identifier = $1', [kickPollViewersIdentifier])).toBe(0);
  });
});
