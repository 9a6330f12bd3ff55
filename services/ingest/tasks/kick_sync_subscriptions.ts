/**
 * graphile-worker task `kick_sync_subscriptions`: the hourly Kick subscription sync (DESIGN §9,
 * services/ingest/subscriptions/syncSubscriptions.ts). The payload is ignored (cron jobs carry
 * `_cron`).
 *
 * Idempotency: the sync converges on "every tracked channel subscribed once to each event", so a
 * retried or doubled run changes nothing more. Ordering: none needed; one job key, so cron runs
 * queued behind a slow one collapse into one.
 *
 * Failures: a rate limit with `Retry-After` reschedules the job for then instead of failing it;
 * other Kick or database errors throw, so graphile-worker retries with its back-off. Without Kick
 * credentials the task logs once that it is idle and returns.
 */
import type { Task } from 'graphile-worker';
import { coerceError } from '../../shared/errors.ts';
import type { Logger } from '../../shared/logging/createLogger.ts';
import type { DmPool } from '../../shared/pg/pools.ts';
import { KickApiError, type KickApiClient } from '../kickApi/kickApi.ts';
import type { IngestMetrics } from '../metrics/ingestMetrics.ts';
import { syncSubscriptions } from '../subscriptions/syncSubscriptions.ts';

/** The task identifier (stored in job rows: never rename). */
export const kickSyncSubscriptionsTaskIdentifier = 'kick_sync_subscriptions';

/** The job key: at most one pending sync. */
const jobKey = 'kick_sync_subscriptions';

/**
 * The crontab line: hourly, at minute 17 (off the top of the hour, when other jobs cluster), at
 * most 5 attempts, one pending job.
 */
export const kickSyncSubscriptionsCrontab = `17 * * * * ${kickSyncSubscriptionsTaskIdentifier} ?max=5&jobKey=${jobKey}`;

/** What the task needs. `kickApi` null: no KICK_CLIENT_ID/KICK_CLIENT_SECRET, the task idles. */
export interface KickSyncSubscriptionsTaskDeps {
  readonly pool: DmPool;
  readonly kickApi: KickApiClient | null;
  readonly logger: Logger;
  readonly metrics?: IngestMetrics;
}

/** Creates the task function for the task list. */
export function createKickSyncSubscriptionsTask(deps: KickSyncSubscriptionsTaskDeps): Task {
  let idleLogged = false;
  return async (_payload, helpers) => {
    if (deps.kickApi === null) {
      if (!idleLogged) deps.logger.info('Kick subscription sync is idle: set KICK_CLIENT_ID and KICK_CLIENT_SECRET to enable it');
      idleLogged = true;
      return;
    }
    try {
      await syncSubscriptions({ pool: deps.pool, kickApi: deps.kickApi, logger: deps.logger, metrics: deps.metrics });
    } catch (e: unknown) {
      const error = coerceError(e);
      if (!(error instanceof KickApiError) || error.code !== 'KICK_API_RATE_LIMITED' || error.retryAfterMs === null) throw error;
      // Kick said when to come back: a job for then, rather than graphile's shorter back-off.
      const runAt = new Date(Date.now() + error.retryAfterMs);
      deps.logger.warn({ retryAfterMs: error.retryAfterMs, endpoint: error.endpoint }, 'Kick rate-limited the subscription sync; rescheduled');
      await helpers.addJob(kickSyncSubscriptionsTaskIdentifier, {}, { runAt, jobKey, maxAttempts: 5 });
    }
  };
}
