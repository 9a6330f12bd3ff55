/**
 * graphile-worker task `raw_sink`: drains the PostgreSQL inbox into ClickHouse `vf.raw_events`
 * (services/ingest/rawSink/sinkRawEvents.ts).
 *
 * How it is queued: the accept path adds one debounced job per acceptance burst (job key
 * `raw_sink`, queue `raw_sink`, see {@link rawSinkJob}), and a cron line runs it every minute as a
 * safety net ({@link rawSinkCrontab}), so rows kept during a ClickHouse outage arrive once it is
 * back even when no new webhook queues the job.
 *
 * Idempotency: the job carries no work of its own (the payload is ignored); each run sinks
 * whatever is unsunk. A redelivered or concurrent run finds nothing or other rows (rows are taken
 * `FOR UPDATE SKIP LOCKED`), and a batch written to ClickHouse whose PostgreSQL commit failed is
 * written again next run and counted once (ReplacingMergeTree keyed by raw_id).
 *
 * Ordering: rows are written in inbox id order within a run; nothing downstream relies on it
 * (ClickHouse readers order by provider_time / received_at). Jobs of the `raw_sink` queue run one
 * at a time.
 *
 * Failure: ClickHouse or PostgreSQL unavailable → the task throws and graphile-worker retries with
 * back-off; the inbox keeps the raw bytes meanwhile.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import type { Task } from 'graphile-worker';
import type { Logger } from '../../shared/logging/createLogger.ts';
import type { DmPool } from '../../shared/pg/pools.ts';
import type { IngestMetrics } from '../metrics/ingestMetrics.ts';
import { sinkRawEvents } from '../rawSink/sinkRawEvents.ts';

/** The task identifier (stored in job rows: never rename). */
export const RAW_SINK_TASK = 'raw_sink';

/** How the accept path queues the sink: `graphile_worker.add_job(identifier, '{}', queue_name => …, job_key => …)`. */
export const rawSinkJob = { identifier: RAW_SINK_TASK, queueName: 'raw_sink', jobKey: 'raw_sink' } as const;

/**
 * The safety-net crontab line: every minute, same queue and job key as the accept path's job, so
 * at most one sink job waits at a time.
 */
export const rawSinkCrontab = `* * * * * ${RAW_SINK_TASK} ?queue=${rawSinkJob.queueName}&jobKey=${rawSinkJob.jobKey}&jobKeyMode=preserve_run_at`;

/** What the task needs. */
export interface RawSinkTaskDeps {
  pool: DmPool;
  clickhouse: ClickHouseClient;
  logger: Logger;
  metrics?: IngestMetrics;
  /** Inbox rows per ClickHouse insert (default 1000). */
  batchSize?: number;
}

/** The `raw_sink` task with its dependencies captured. */
export function rawSinkTask(deps: RawSinkTaskDeps): Task {
  const logger = deps.logger.child({ task: RAW_SINK_TASK });
  return async (_payload: unknown, helpers) => {
    const { sunk } = await sinkRawEvents(deps.pool, deps.clickhouse, { logger, metrics: deps.metrics, batchSize: deps.batchSize, signal: helpers.abortSignal });
    if (sunk > 0) logger.info({ sunk }, 'raw events written to ClickHouse');
  };
}
