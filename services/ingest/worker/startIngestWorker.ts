/**
 * The ingest role's graphile-worker runner: runs the tasks and cron lines it is given against
 * vf-pg-dm until stopped.
 *
 * Schema: `vf migrate dm` installs graphile-worker's schema as vf_migrator; this role (vf_ingest)
 * has no DDL rights. graphile-worker 0.18 has no option to skip its start-up migration check, but
 * on an up-to-date schema that check only reads `graphile_worker.migrations`, which vf_ingest may
 * read (sql/postgres/dm/migrations/0003_grants.sql). On an unmigrated or older schema the start
 * fails with PostgreSQL's permission error instead of migrating: run `vf migrate dm` first.
 */
import { EventEmitter } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseCrontab, run, type ParsedCronItem, type Runner, type TaskList, type WorkerEvents } from 'graphile-worker';
import pg from 'pg';
import { coerceError } from '../../shared/errors.ts';
import type { Logger } from '../../shared/logging/createLogger.ts';
import { graphileLogger } from './graphileLogger.ts';
import { startWorkerLiveness } from './workerLiveness.ts';

/** Options of {@link startIngestWorker}. */
export interface IngestWorkerOptions {
  /** vf-pg-dm, as vf_ingest (DM_DATABASE_URL). */
  connectionString: string;
  taskList: TaskList;
  /** graphile-worker crontab text (one line per schedule), or cron items already parsed. */
  crontab: string | ParsedCronItem[];
  /** Jobs run at once (default 4); the pool gets one connection more for cron and listening. */
  concurrency?: number;
  logger: Logger;
  /** Age after which a lock of a worker pool whose process is gone is freed (default 30 s; workerLiveness.ts). */
  deadWorkerGraceMs?: number;
}

/** A running worker. */
export interface IngestWorker {
  /** Stops taking jobs, waits for running ones, releases the pool. Safe to call more than once. */
  stop(): Promise<void>;
  /**
   * Settles once `stop()` has stopped the worker; rejects when that last runner ended with an error
   * (already logged). A runner that dies of an error before that is restarted, not reported here.
   */
  readonly promise: Promise<void>;
}

/** How long a supervisor waits before trying again to restart a worker that died (the database may still be away). */
const restartDelayMs = 2_000;

/**
 * How long a worker pool may take to shut itself down after a fatal error before it is forced down
 * and replaced. Its graceful shutdown waits for every running job, and meanwhile the pool takes no
 * new job: a job stuck on a broken connection would keep the raw sink and the fan-out idle for ever
 * (services/stack/faults/ingestConnectionDropped.faults.test.ts saw due jobs wait minutes).
 */
const stuckShutdownMs = 30_000;

/**
 * How long each step of a stop may take. The database can go away at the moment the role stops
 * (a terminal's Ctrl-C reaches an embedded PostgreSQL too), and a pool whose client a dead runner
 * never returned would wait for it for ever; the process exits after the stop anyway.
 */
const stopStepMs = 30_000;

/** `step`, or after {@link stopStepMs} a logged warning naming it, whichever comes first. */
async function bounded(step: Promise<unknown>, name: string, logger: Logger): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), stopStepMs);
  });
  const outcome = await Promise.race([step.then(() => 'done' as const, () => 'done' as const), late]);
  clearTimeout(timer);
  if (outcome === 'late') logger.warn({ step: name, afterMs: stopStepMs }, 'worker stop step did not finish in time; going on');
}

/**
 * Starts the runner, and restarts it when it dies of an error until stopped. Signal handling
 * stays with the process owner (`main.ts` stops the worker on SIGTERM), so graphile-worker
 * installs no handlers of its own.
 *
 * Why a supervisor (found by services/stack/faults/ingestConnectionDropped.faults.test.ts): a
 * connection that breaks under graphile-worker (a PostgreSQL restart, a network blip) ends its
 * worker pool for good: a failed job fetch shuts the pool down, and its runner's promise still
 * resolves, so nothing said so; and by default a job is marked done or failed by a query nobody
 * awaits, whose rejection ends the process, while the job and its named queue stay locked for
 * graphile's 4-hour lock expiry, holding back every job of that queue (the raw sink, a target's
 * fan-out). With `completeJobBatchDelay`/`failJobBatchDelay` at 0 that failure goes to graphile's
 * error handler instead, which stops the pool. Whenever a pool ends without `stop()`, the
 * supervisor releases what it still holds (`force_unlock_workers`, safe for a pool that no longer
 * runs) and starts a new one. Every task is idempotent, so a job run again is harmless.
 *
 * A pool whose whole process died (kill -9, an OOM kill) has no supervisor left: each pool is
 * announced alive with an advisory lock, and every process frees the locks of pools nobody
 * announces any more (workerLiveness.ts, found by services/stack/faults/killStack.faults.test.ts).
 */
export async function startIngestWorker(options: IngestWorkerOptions): Promise<IngestWorker> {
  const concurrency = options.concurrency ?? 4;
  const logger = options.logger;
  // Our pool, not graphile-worker's: it drops its error listener before ending a pool it made,
  // so a server going away during the stop (Ctrl-C reaches an embedded PostgreSQL too) would
  // throw an unhandled 'error' from an idle client and crash the process.
  // A bounded wait for a connection: with the database gone, graphile's own queries fail instead of
  // queueing for ever behind clients that will never come back.
  const pgPool = new pg.Pool({ connectionString: options.connectionString, max: concurrency + 1, connectionTimeoutMillis: 10_000 });
  pgPool.on('error', (e: Error) => logger.warn({ err: e }, 'an idle worker connection failed'));
  pgPool.on('connect', (client) => client.on('error', (e: Error) => logger.warn({ err: e }, 'a worker connection failed')));
  // Parsed here, also when empty: with no cron option at all graphile-worker reads a `crontab`
  // file from the working directory.
  const parsedCronItems = typeof options.crontab === 'string' ? parseCrontab(options.crontab) : options.crontab;
  let stopping = false;
  let current: Runner | null = null;
  let restarting: Promise<void> | null = null;
  let settle: { resolve: () => void; reject: (e: Error) => void } | undefined;
  const promise = new Promise<void>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // Marks the rejection handled; callers awaiting `promise` still see it.
  promise.catch(() => undefined);

  const launch = async (): Promise<Runner> => {
    const events: WorkerEvents = new EventEmitter();
    let poolId: string | null = null;
    let launched: Runner | null = null;
    let abandoned = false;
    events.on('pool:create', ({ workerPool }) => {
      poolId = workerPool.id;
      // graphile locks jobs and queues with the pool's id, so the pool is what is announced.
      void liveness.announce(workerPool.id);
    });
    events.on('pool:gracefulShutdown', ({ workerPool }) => {
      if (stopping) return;
      setTimeout(() => {
        if (stopping || launched === null || current !== launched) return;
        abandoned = true;
        current = null;
        logger.error({ workerPoolId: workerPool.id, afterMs: stuckShutdownMs }, 'graphile-worker pool did not finish shutting down; forcing it down and starting a new one');
        void Promise.resolve(workerPool.forcefulShutdown('the pool did not finish its graceful shutdown')).catch(() => undefined);
        void launched.stop().catch(() => undefined);
        restarting = restart(workerPool.id).finally(() => {
          restarting = null;
        });
      }, stuckShutdownMs).unref();
    });
    const runner = await run({
      pgPool,
      concurrency,
      taskList: options.taskList,
      noHandleSignals: true,
      logger: graphileLogger(logger),
      parsedCronItems,
      events,
      preset: { worker: { completeJobBatchDelay: 0, failJobBatchDelay: 0 } },
    });
    // graphile's runner promise resolves even when its worker pool died of an error, so any end
    // that `stop()` did not ask for is a death.
    launched = runner;
    const ended = (error: Error | null): void => {
      // A pool forced down and replaced (above) has already been dealt with.
      if (abandoned) return;
      if (current === runner) current = null;
      if (stopping) {
        if (error === null) settle?.resolve();
        else settle?.reject(error);
        return;
      }
      logger.error({ err: error ?? undefined, workerPoolId: poolId }, 'graphile-worker stopped on its own (it could not record a job outcome, or lost its database); restarting it');
      restarting = restart(poolId).finally(() => {
        restarting = null;
      });
    };
    runner.promise.then(
      () => ended(null),
      (e: unknown) => ended(coerceError(e)),
    );
    return runner;
  };

  const restart = async (deadPoolId: string | null): Promise<void> => {
    while (!stopping) {
      try {
        if (deadPoolId !== null) await pgPool.query('SELECT graphile_worker.force_unlock_workers($1::text[])', [[deadPoolId]]);
        deadPoolId = null;
        current = await launch();
        return;
      } catch (e: unknown) {
        logger.warn({ err: coerceError(e) }, 'restarting graphile-worker failed; trying again');
        await sleep(restartDelayMs);
      }
    }
  };

  const liveness = await startWorkerLiveness({ connectionString: options.connectionString, logger, ...(options.deadWorkerGraceMs === undefined ? {} : { graceMs: options.deadWorkerGraceMs }) }).catch(async (e: unknown) => {
    await pgPool.end();
    throw e;
  });
  current = await launch().catch(async (e: unknown) => {
    await liveness.stop();
    await pgPool.end();
    throw e;
  });
  let stopped: Promise<void> | undefined;
  return {
    promise,
    stop: () => {
      stopped ??= (async () => {
        stopping = true;
        // A restart under way finishes first (at most one retry delay), so its runner is stopped too.
        await bounded(restarting ?? Promise.resolve(), 'restart under way', logger);
        const runner = current;
        current = null;
        try {
          if (runner === null) settle?.resolve();
          else {
            // A runner already ending on its own refuses a second stop; its end settles `promise` anyway.
            await bounded(
              runner
                .stop()
                .catch(() => undefined)
                .then(() => promise),
              'graphile-worker runner',
              logger,
            );
          }
        } finally {
          await bounded(liveness.stop(), 'liveness', logger);
          await bounded(pgPool.end(), 'worker pool', logger);
        }
      })();
      return stopped;
    },
  };
}
