/**
 * graphile-worker task `ingest_retention`: the daily purge of the ingest tier's PostgreSQL rows
 * past OUTBOX_RETENTION_DAYS (services/ingest/retention/purgeIngest.ts). The payload is ignored
 * (cron jobs carry `_cron`).
 *
 * Idempotency: a purge deletes what is past retention at the time it runs; a retried or doubled
 * run finds less or nothing. Ordering: none; rows still pending or not yet in ClickHouse are never
 * purged, so it cannot race the sender or the raw sink into losing work.
 *
 * Failure: PostgreSQL unavailable → the task throws and graphile-worker retries (at most 3
 * attempts; tomorrow's run picks up the rest).
 */
import type { Task } from 'graphile-worker';
import type { Logger } from '../../shared/logging/createLogger.ts';
import type { DmPool } from '../../shared/pg/pools.ts';
import { purgeIngest } from '../retention/purgeIngest.ts';

/** The task identifier (stored in job rows: never rename). */
export const ingestRetentionTaskIdentifier = 'ingest_retention';

/** The crontab line: daily at 04:23 UTC (off the hour, when other jobs cluster), one pending run at most. */
export const ingestRetentionCrontab = `23 4 * * * ${ingestRetentionTaskIdentifier} ?max=3&jobKey=${ingestRetentionTaskIdentifier}`;

/** What the task needs. */
export interface IngestRetentionTaskDeps {
  readonly pool: DmPool;
  /** OUTBOX_RETENTION_DAYS. */
  readonly retentionDays: number;
  readonly logger: Logger;
}

/** Creates the task function for the task list. */
export function createIngestRetentionTask(deps: IngestRetentionTaskDeps): Task {
  const logger = deps.logger.child({ task: ingestRetentionTaskIdentifier });
  return async (_payload: unknown) => {
    const purged = await purgeIngest(deps.pool, { retentionDays: deps.retentionDays });
    logger.info({ purged, retentionDays: deps.retentionDays }, 'ingest retention purge done');
  };
}
