/**
 * The ingest role's graphile-worker tasks and their schedules, in one place: the raw sink
 * (queued by every accepting transaction, plus a cron safety net for rows left by a ClickHouse
 * outage), the viewer poller (every minute) and the Kick subscription sync (hourly).
 *
 * The fan-out task (`fanout`, one debounced job per target) is queued by the accept path but
 * registered by the fan-out role, which runs beside this one.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import type { TaskList } from 'graphile-worker';
import type { Logger } from '../../shared/logging/createLogger.ts';
import type { DmPool } from '../../shared/pg/pools.ts';
import type { Acceptor } from '../../ingest/accept/delivery.ts';
import type { KickApiClient } from '../../ingest/kickApi/kickApi.ts';
import type { IngestMetrics } from '../../ingest/metrics/ingestMetrics.ts';
import { kickPollViewersCron, kickPollViewersIdentifier, kickPollViewersTask } from '../../ingest/tasks/kick_poll_viewers.ts';
import { createKickSyncSubscriptionsTask, kickSyncSubscriptionsCrontab, kickSyncSubscriptionsTaskIdentifier } from '../../ingest/tasks/kick_sync_subscriptions.ts';
import { RAW_SINK_TASK, rawSinkCrontab, rawSinkTask } from '../../ingest/tasks/raw_sink.ts';

/** What the tasks need; `kickApi` is null without Kick credentials (poller and sync idle). */
export interface IngestTaskDeps {
  pool: DmPool;
  clickhouse: ClickHouseClient;
  kickApi: KickApiClient | null;
  acceptor: Acceptor;
  metrics: IngestMetrics;
  logger: Logger;
}

/** The task list and the crontab for `startIngestWorker`. */
export function ingestTasks(deps: IngestTaskDeps): { taskList: TaskList; crontab: string } {
  const { pool, clickhouse, kickApi, acceptor, metrics, logger } = deps;
  return {
    taskList: {
      [RAW_SINK_TASK]: rawSinkTask({ pool, clickhouse, logger, metrics }),
      [kickPollViewersIdentifier]: kickPollViewersTask({ pool, kick: kickApi, acceptor, logger, metrics }),
      [kickSyncSubscriptionsTaskIdentifier]: createKickSyncSubscriptionsTask({ pool, kickApi, logger, metrics }),
    },
    crontab: [rawSinkCrontab, kickPollViewersCron, kickSyncSubscriptionsCrontab].join('\n'),
  };
}
