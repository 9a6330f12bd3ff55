/**
 * Crash recovery for graphile-worker's job locks. A worker locks the job it runs, and the job's
 * named queue (`raw_sink`, `fanout:<target>`), with its worker id; graphile-worker frees the locks
 * of a worker that died with its process only after 4 hours. A crashed ingest process (kill -9, an
 * OOM kill, a lost node) would hold back the raw sink and every target's fan-out that long.
 *
 * So each live worker is announced by a PostgreSQL session advisory lock keyed by its id, held on
 * one dedicated connection for the life of the process. Every role sweeps regularly: a worker id
 * that holds a lock older than {@link LivenessOptions.graceMs} and whose advisory lock nobody holds
 * belongs to a dead process, and `graphile_worker.force_unlock_workers` frees its jobs and queues,
 * which then run again (every task is idempotent; the fan-out also holds a per-target lock).
 *
 * The grace covers the moment between a worker taking its first job and its advisory lock being
 * taken. If the announcing connection itself breaks, the locks are taken again on a new one; in
 * that gap another process may free this process's locks, which at worst runs a job twice.
 */
import pg from 'pg';
import { coerceError } from '../../shared/errors.ts';
import type { Logger } from '../../shared/logging/createLogger.ts';

/** Tuning of the sweep. */
export interface LivenessOptions {
  readonly connectionString: string;
  readonly logger: Logger;
  /** A lock must be at least this old before its worker can be judged dead (default 30 s). */
  readonly graceMs?: number;
  /** How often to sweep (default 30 s); the first sweep runs at start. */
  readonly sweepEveryMs?: number;
}

/** The running liveness announcer and sweeper of one process. */
export interface WorkerLiveness {
  /** Announces a worker of this process as alive (call when graphile-worker creates it). */
  announce(workerId: string): Promise<void>;
  /** Sweeps once now: the dead worker ids whose locks were freed. */
  sweep(): Promise<readonly string[]>;
  stop(): Promise<void>;
}

/** The advisory lock key of a worker id: a 64-bit hash in a namespace of our own. */
const lockKey = "hashtextextended('vf.graphile-worker:' || $1::text, 0)";

const lockedWorkersSql = `
  SELECT locked_by FROM graphile_worker._private_jobs WHERE locked_by IS NOT NULL AND locked_at < now() - make_interval(secs => $1)
  UNION
  SELECT locked_by FROM graphile_worker._private_job_queues WHERE locked_by IS NOT NULL AND locked_at < now() - make_interval(secs => $1)`;

/** Starts announcing and sweeping. */
export async function startWorkerLiveness(options: LivenessOptions): Promise<WorkerLiveness> {
  const { logger } = options;
  const graceSeconds = (options.graceMs ?? 30_000) / 1000;
  const announced = new Set<string>();
  let holder: pg.Client | null = null;
  let stopped = false;

  // The announcing connection; when it breaks, a new one takes every lock again.
  const connectHolder = async (): Promise<pg.Client> => {
    const client = new pg.Client({ connectionString: options.connectionString, application_name: 'vf-worker-liveness', connectionTimeoutMillis: 10_000 });
    client.on('error', (e: Error) => {
      logger.warn({ err: e }, 'the worker liveness connection failed; announcing again on a new one');
      if (holder === client) holder = null;
    });
    await client.connect();
    for (const id of announced) await client.query(`SELECT pg_advisory_lock(${lockKey})`, [id]);
    return client;
  };
  const ensureHolder = async (): Promise<pg.Client> => {
    holder ??= await connectHolder();
    return holder;
  };

  const sweep = async (): Promise<readonly string[]> => {
    const client = new pg.Client({ connectionString: options.connectionString, application_name: 'vf-worker-sweep', connectionTimeoutMillis: 10_000 });
    client.on('error', () => undefined);
    await client.connect();
    try {
      const { rows } = await client.query<{ locked_by: string }>(lockedWorkersSql, [graceSeconds]);
      const dead: string[] = [];
      for (const { locked_by: id } of rows) {
        if (announced.has(id)) continue;
        const { rows: tried } = await client.query<{ free: boolean }>(`SELECT pg_try_advisory_lock(${lockKey}) AS free`, [id]);
        if (tried[0]?.free === true) dead.push(id);
      }
      if (dead.length > 0) {
        await client.query('SELECT graphile_worker.force_unlock_workers($1::text[])', [dead]);
        logger.warn({ workers: dead }, 'freed the jobs and queues of workers whose process is gone');
      }
      return dead;
    } finally {
      // Ending the session also drops the advisory locks the checks took.
      await client.end().catch(() => undefined);
    }
  };

  const timer = setInterval(() => {
    if (stopped) return;
    // Each round also takes the announcing connection back if it broke.
    ensureHolder().then(sweep).catch((e: unknown) => logger.warn({ err: coerceError(e) }, 'the dead worker sweep failed; trying again later'));
  }, options.sweepEveryMs ?? 30_000);
  timer.unref();

  await ensureHolder();
  await sweep().catch((e: unknown) => logger.warn({ err: coerceError(e) }, 'the dead worker sweep failed; trying again later'));

  return {
    async announce(workerId) {
      announced.add(workerId);
      try {
        await (await ensureHolder()).query(`SELECT pg_advisory_lock(${lockKey})`, [workerId]);
      } catch (e: unknown) {
        // The next connection takes it again (connectHolder); until then the grace protects it.
        logger.warn({ err: coerceError(e), workerId }, 'could not announce a worker; retrying with the next connection');
        holder = null;
      }
    },
    sweep,
    async stop() {
      stopped = true;
      clearInterval(timer);
      const client = holder;
      holder = null;
      await client?.end().catch(() => undefined);
    },
  };
}
