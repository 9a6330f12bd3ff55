/**
 * The ingest role's graphile-worker tasks and their schedules, in one place: the raw sink
 * (queued by every accepting transaction, plus a cron safety net for rows left by a ClickHouse
 * outage), the viewer poller (every minute) and the Kick subscription sync (hourly).
 *
 * The fan-out sender (`fanout`, one debounced job per target, queued by the accept path) runs in
 * the same worker, with a safety-net cron line per target; and the daily retention purge.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import type { TaskList } from 'graphile-worker';
import { createFanoutMetrics } from '../../fanout/metrics/fanoutMetrics.ts';
import { FANOUT_TASK, fanoutCrontab, fanoutTask } from '../../fanout/tasks/fanout.ts';
import type { Config } from '../../shared/config/loadConfig.ts';
import type { Logger } from '../../shared/logging/createLogger.ts';
import type { DmPool } from '../../shared/pg/pools.ts';
import type { Acceptor } from '../../ingest/accept/delivery.ts';
import type { KickApiClient } from '../../ingest/kickApi/kickApi.ts';
import type { IngestMetrics } from '../../ingest/metrics/ingestMetrics.ts';
import { kickPollViewersCron, kickPollViewersIdentifier, kickPollViewersTask } from '../../ingest/tasks/kick_poll_viewers.ts';
import { createKickSyncSubscriptionsTask, kickSyncSubscriptionsCrontab, kickSyncSubscriptionsTaskIdentifier } from '../../ingest/tasks/kick_sync_subscriptions.ts';
import { createIngestRetentionTask, ingestRetentionCrontab, ingestRetentionTaskIdentifier } from '../../ingest/tasks/ingest_retention.ts';
import { RAW_SINK_TASK, rawSinkCrontab, rawSinkTask } from '../../ingest/tasks/raw_sink.ts';

/** What the tasks need; `kickApi` is null without Kick credentials (poller and sync idle). */
export interface IngestTaskDeps {
  pool: DmPool;
  /** FANOUT_TARGETS and tuning: the fan-out sender runs here, one debounced job per target. */
  fanout: Config<'ingest'>['fanout'];
  /** OUTBOX_RETENTION_DAYS: the daily purge of settled outbox rows, sunk inbox rows and expired keys. */
  retentionDays: number;
  clickhouse: ClickHouseClient;
  kickApi: KickApiClient | null;
  acceptor: Acceptor;
  metrics: IngestMetrics;
  logger: Logger;
}

/** The task list and the crontab for `startIngestWorker`. */
export function ingestTasks(deps: IngestTaskDeps): { taskList: TaskList; crontab: string } {
  const { pool, fanout, retentionDays, clickhouse, kickApi, acceptor, metrics, logger } = deps;
  return {
    taskList: {
      [RAW_SINK_TASK]: rawSinkTask({ pool, clickhouse, logger, metrics }),
      [kickPollViewersIdentifier]: kickPollViewersTask({ pool, kick: kickApi, acceptor, logger, metrics }),
      [kickSyncSubscriptionsTaskIdentifier]: createKickSyncSubscriptionsTask({ pool, kickApi, logger, metrics }),
      [ingestRetentionTaskIdentifier]: createIngestRetentionTask({ pool, retentionDays, logger }),
      [FANOUT_TASK]: fanoutTask({ pool, targets: fanout.targets, tuning: fanout, logger, metrics: createFanoutMetrics(metrics.registry) }),
    },
    crontab: [rawSinkCrontab, kickPollViewersCron, kickSyncSubscriptionsCrontab, ingestRetentionCrontab, fanoutCrontab(fanout.targets)].filter((line) => line !== '').join('\n'),
  };
}
