import { Logger as WorkerLogger, parseCrontab, quickAddJob, runOnce } from 'graphile-worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../shared/logging/createLogger.ts';
import type { DmPool } from '../../shared/pg/pools.ts';
import { withPgClient } from '../../shared/testkit/pgClient.ts';
import { useTestDatabase } from '../../shared/testkit/testDatabase.ts';
import { createIngestRolePool, withRole } from '../accept/test/acceptTestKit.ts';
import { deliveryRows, seedOutbox, settle } from '../replay/test/seedOutbox.ts';
import { createIngestRetentionTask, ingestRetentionCrontab, ingestRetentionTaskIdentifier } from './ingest_retention.ts';

const quietWorker = new WorkerLogger(() => () => undefined);

describe('ingest_retention task through a real graphile-worker', () => {
  const dm = useTestDatabase('dm');
  let pool: DmPool;
  beforeAll(async () => {
    pool = await createIngestRolePool(dm.current.url);
  });
  afterAll(async () => {
    await pool.end();
  });

  it('exports a crontab line graphile-worker parses: this task, once a day', () => {
    const [item, extra] = parseCrontab(ingestRetentionCrontab);
    expect(extra).toBeUndefined();
    expect(item).toMatchObject({ task: ingestRetentionTaskIdentifier, options: { maxAttempts: 3, jobKey: 'ingest_retention' } });
    const minutes = Array.from({ length: 24 * 60 }, (_, m) => ({ min: m % 60, hour: Math.floor(m / 60), date: 5, month: 3, dow: 2 }));
    expect(minutes.filter((d) => item?.match(d))).toEqual([{ min: 23, hour: 4, date: 5, month: 3, dow: 2 }]);
  });

  it('purges an old delivered outbox row when its job runs, as vf_ingest', async () => {
    const [old, recent] = await seedOutbox(pool, ['qa'], [{ nonce: 'task-old' }, { nonce: 'task-new' }]);
    await settle(dm.current.url, (await deliveryRows(dm.current.url)).map((r) => r.id), 'done');
    await withPgClient(dm.current.url, (c) => c.query(`UPDATE ingest.outbox SET created_at = now() - interval '31 days' WHERE envelope_id = $1`, [old?.envelopeId]));
    const asIngest = withRole(dm.current.url, 'vf_ingest');
    await quickAddJob({ connectionString: asIngest, logger: quietWorker }, ingestRetentionTaskIdentifier, {});
    await runOnce({
      connectionString: asIngest,
      taskList: { [ingestRetentionTaskIdentifier]: createIngestRetentionTask({ pool, retentionDays: 30, logger: silentLogger() }) },
      logger: quietWorker,
      noHandleSignals: true,
    });
    const left = await withPgClient(dm.current.url, async (c) => (await c.query('SELECT envelope_id::text AS id FROM ingest.outbox')).rows);
    expect(left).toEqual([{ id: recent?.envelopeId }]);
    const jobs = await withPgClient(dm.current.url, async (c) => (await c.query('SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE task_identifier = $1', [ingestRetentionTaskIdentifier])).rows[0]);
    expect(jobs).toEqual({ n: 0 });
  });
});
