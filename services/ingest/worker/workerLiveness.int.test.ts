/**
 * Dead worker recovery on real PostgreSQL: jobs and queues locked by a worker whose process is
 * gone are freed; those of a live worker (announced elsewhere) and fresh locks are left alone.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../shared/logging/createLogger.ts';
import { withPgClient } from '../../shared/testkit/pgClient.ts';
import { useTestDatabase } from '../../shared/testkit/testDatabase.ts';
import { startWorkerLiveness, type WorkerLiveness } from './workerLiveness.ts';

const db = useTestDatabase('dm');
const running: WorkerLiveness[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((l) => l.stop()));
  await withPgClient(db.current.url, (c) => c.query('DELETE FROM graphile_worker._private_jobs; DELETE FROM graphile_worker._private_job_queues'));
});

async function start(): Promise<WorkerLiveness> {
  const liveness = await startWorkerLiveness({ connectionString: db.current.url, logger: silentLogger(), sweepEveryMs: 3_600_000 });
  running.push(liveness);
  return liveness;
}

/** A job in its own named queue, both locked by `workerId` `ageSeconds` ago. */
async function lockedJob(queue: string, workerId: string, ageSeconds: number): Promise<void> {
  await withPgClient(db.current.url, async (c) => {
    await c.query(`SELECT graphile_worker.add_job('raw_sink', '{}'::json, queue_name => $1)`, [queue]);
    await c.query(`UPDATE graphile_worker._private_jobs SET locked_by = $2, locked_at = now() - make_interval(secs => $3)
      WHERE job_queue_id = (SELECT id FROM graphile_worker._private_job_queues WHERE queue_name = $1)`, [queue, workerId, ageSeconds]);
    await c.query(`UPDATE graphile_worker._private_job_queues SET locked_by = $2, locked_at = now() - make_interval(secs => $3) WHERE queue_name = $1`, [queue, workerId, ageSeconds]);
  });
}

async function lockHolders(): Promise<Record<string, string | null>> {
  return withPgClient(db.current.url, async (c) => {
    const { rows } = await c.query<{ queue_name: string; job: string | null; queue: string | null }>(`
      SELECT q.queue_name, j.locked_by AS job, q.locked_by AS queue
      FROM graphile_worker._private_job_queues q JOIN graphile_worker._private_jobs j ON j.job_queue_id = q.id ORDER BY q.queue_name`);
    return Object.fromEntries(rows.map((r) => [r.queue_name, r.job === r.queue ? r.job : `job ${r.job}, queue ${r.queue}`]));
  });
}

describe('worker liveness', () => {
  it('frees what a dead worker locked, and leaves live and freshly locked workers alone', async () => {
    const elsewhere = await start();
    await elsewhere.announce('worker-alive');
    await lockedJob('fanout:dead', 'worker-dead', 120);
    await lockedJob('fanout:alive', 'worker-alive', 120);
    await lockedJob('fanout:young', 'worker-young', 0);

    // Another process's liveness: its first sweep runs at its start.
    const sweeper = await start();
    expect(await lockHolders()).toEqual({ 'fanout:alive': 'worker-alive', 'fanout:dead': null, 'fanout:young': 'worker-young' });
    expect(await sweeper.sweep()).toEqual([]);
  });

  it('frees a worker once the process that announced it is gone', async () => {
    const other = await start();
    await other.announce('worker-gone');
    await lockedJob('raw_sink', 'worker-gone', 120);
    const sweeper = await start();
    expect(await sweeper.sweep()).toEqual([]);

    await other.stop();
    expect(await sweeper.sweep()).toEqual(['worker-gone']);
    expect(await lockHolders()).toEqual({ raw_sink: null });
  });

  it('never frees its own workers, and sweeps at start', async () => {
    await lockedJob('fanout:stale', 'worker-stale', 120);
    const own = await start();
    expect(await lockHolders()).toEqual({ 'fanout:stale': null });
    await own.announce('worker-own');
    await lockedJob('fanout:own', 'worker-own', 120);
    expect(await own.sweep()).toEqual([]);
    expect(await lockHolders()).toEqual({ 'fanout:own': 'worker-own', 'fanout:stale': null });
  });
});
