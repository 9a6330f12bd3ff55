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
import { parseCrontab, run, type ParsedCronItem, type RunnerOptions, type TaskList } from 'graphile-worker';
import pg from 'pg';
import { coerceError } from '../../shared/errors.ts';
import type { Logger } from '../../shared/logging/createLogger.ts';
import { graphileLogger } from './graphileLogger.ts';

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
}

/** A running worker. */
export interface IngestWorker {
  /** Stops taking jobs, waits for running ones, releases the pool. Safe to call more than once. */
  stop(): Promise<void>;
  /** Settles when the worker has stopped; rejects when it died of an error (already logged). */
  readonly promise: Promise<void>;
}

/**
 * Starts the runner. Signal handling stays with the process owner (`main.ts` stops the worker on
 * SIGTERM), so graphile-worker installs no handlers of its own.
 */
export async function startIngestWorker(options: IngestWorkerOptions): Promise<IngestWorker> {
  const concurrency = options.concurrency ?? 4;
  // Our pool, not graphile-worker's: it drops its error listener before ending a pool it made,
  // so a server going away during the stop (Ctrl-C reaches an embedded PostgreSQL too) would
  // throw an unhandled 'error' from an idle client and crash the process.
  const pgPool = new pg.Pool({ connectionString: options.connectionString, max: concurrency + 1 });
  pgPool.on('error', (e: Error) => options.logger.warn({ err: e }, 'an idle worker connection failed'));
  pgPool.on('connect', (client) => client.on('error', (e: Error) => options.logger.warn({ err: e }, 'a worker connection failed')));
  const runnerOptions: RunnerOptions = {
    pgPool,
    concurrency,
    taskList: options.taskList,
    noHandleSignals: true,
    logger: graphileLogger(options.logger),
    // Parsed here, also when empty: with no cron option at all graphile-worker reads a `crontab`
    // file from the working directory.
    parsedCronItems: typeof options.crontab === 'string' ? parseCrontab(options.crontab) : options.crontab,
  };
  const runner = await run(runnerOptions).catch(async (e: unknown) => {
    await pgPool.end();
    throw e;
  });
  // Marks the rejection handled (a fatal worker error must not crash the process unlogged);
  // callers awaiting `promise` still see it.
  runner.promise.catch((e: unknown) => options.logger.error({ err: coerceError(e) }, 'graphile-worker stopped with an error'));
  let stopping: Promise<void> | undefined;
  return {
    promise: runner.promise,
    stop: () => {
      stopping ??= runner
        .stop()
        .then(() => runner.promise.catch(() => undefined))
        .finally(() => pgPool.end());
      return stopping;
    },
  };
}
