import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMigratedClickhouse, type TestClickhouse } from '../../shared/clickhouse/test/clickhouseTestKit.ts';
import { silentLogger } from '../../shared/logging/createLogger.ts';
import { createDmPool, type DmPool } from '../../shared/pg/pools.ts';
import { withPgClient } from '../../shared/testkit/pgClient.ts';
import { useTestDatabase } from '../../shared/testkit/testDatabase.ts';
import { inboxState, seedInbox, urlAsRole } from '../rawSink/test/seedInbox.ts';
import { rawSinkCrontab, rawSinkJob, rawSinkTask } from '../tasks/raw_sink.ts';
import { startIngestWorker } from './startIngestWorker.ts';

const db = useTestDatabase('dm');
let clickhouse: TestClickhouse;
let pool: DmPool;

beforeAll(async () => {
  clickhouse = await openMigratedClickhouse();
  pool = await createDmPool(urlAsRole(db.current.url, 'vf_ingest'));
});

afterAll(async () => {
  await pool.end();
  await clickhouse.close();
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('startIngestWorker', () => {
  it('runs as vf_ingest on a migrated database and sinks the inbox when a raw_sink job is queued', async () => {
    const seeded = await seedInbox(db.current.url, [
      { source: 'kick', body: '{"broadcaster":{"user_id":31}}', headers: { 'kick-event-message-id': 'w-1' }, providerMessageId: 'w-1', eventType: 'chat.message.sent', eventVersion: '1', quarantined: { reason: 'INGEST_PAYLOAD_INVALID' } },
      { source: 'kick', body: '{"broadcaster":{"user_id":31}}', headers: { 'kick-event-message-id': 'w-2' }, providerMessageId: 'w-2', eventType: 'chat.message.sent', eventVersion: '1', quarantined: { reason: 'INGEST_PAYLOAD_INVALID' } },
    ]);
    const ids = seeded.map((s) => s.rawEventId);
    const asIngest = urlAsRole(db.current.url, 'vf_ingest');
    expect(await withPgClient(asIngest, async (client) => (await client.query<{ u: string }>('SELECT current_user AS u')).rows[0]?.u)).toBe('vf_ingest');
    const worker = await startIngestWorker({
      connectionString: asIngest,
      taskList: { [rawSinkJob.identifier]: rawSinkTask({ pool, clickhouse: clickhouse.client, logger: silentLogger() }) },
      crontab: rawSinkCrontab,
      concurrency: 1,
      logger: silentLogger(),
    });
    try {
      await withPgClient(
        db.current.url,
        (client) => client.query("SELECT graphile_worker.add_job($1, '{}'::json, queue_name => $2, job_key => $3)", [rawSinkJob.identifier, rawSinkJob.queueName, rawSinkJob.jobKey]),
        { role: 'vf_ingest' },
      );

      await waitFor(async () => (await inboxState(db.current.url, ids)).every((row) => row.sunk));
    } finally {
      await worker.stop();
    }
    await worker.stop();

    const result = await clickhouse.client.query({
      query: 'SELECT toUInt32(uniqExact(raw_id)) AS n FROM vf.raw_events WHERE raw_id IN {ids:Array(String)}',
      query_params: { ids },
      format: 'JSONEachRow',
    });
    expect(await result.json<{ n: number }>()).toEqual([{ n: 2 }]);
    const known = await withPgClient(db.current.url, (client) => client.query<{ identifier: string }>('SELECT identifier FROM graphile_worker._private_known_crontabs'));
    expect(known.rows.map((row) => row.identifier)).toEqual([rawSinkJob.identifier]);
  });

  it('runs a job whose queue a worker of a crashed process still locks, once the lock is older than the grace', async () => {
    const asIngest = urlAsRole(db.current.url, 'vf_ingest');
    // What kill -9 leaves behind: a job and its named queue locked by a pool nobody runs any more.
    await withPgClient(db.current.url, async (client) => {
      await client.query("SELECT graphile_worker.add_job('probe', '{}'::json, queue_name => 'fanout:crashed', job_key => 'crashed')");
      await client.query("UPDATE graphile_worker._private_jobs SET locked_by = 'pool-crashed', locked_at = now() - interval '1 minute' WHERE key = 'crashed'");
      await client.query("UPDATE graphile_worker._private_job_queues SET locked_by = 'pool-crashed', locked_at = now() - interval '1 minute' WHERE queue_name = 'fanout:crashed'");
    });
    const ran: string[] = [];
    const worker = await startIngestWorker({
      connectionString: asIngest,
      taskList: { probe: () => { ran.push('probe'); } },
      crontab: [],
      concurrency: 1,
      logger: silentLogger(),
      deadWorkerGraceMs: 10_000,
    });
    try {
      await waitFor(async () => ran.length > 0);
    } finally {
      await worker.stop();
    }
    expect(ran).toEqual(['probe']);
  });

  it('refuses a crontab it cannot parse before touching the database', async () => {
    await expect(
      startIngestWorker({ connectionString: 'postgres://nobody@127.0.0.1:9/none', taskList: {}, crontab: 'every minute please', logger: silentLogger() }),
    ).rejects.toThrow();
  });
});
