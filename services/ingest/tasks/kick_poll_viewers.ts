/**
 * graphile-worker task `kick_poll_viewers`: the viewer poller's cron job, once a minute
 * (DESIGN §9). The scheduled minute is the one graphile's cron stamped on the job
 * (`payload._cron.ts`), so a job that runs late or is retried still probes its own minute; a job
 * queued by hand without it probes the current minute.
 *
 * Idempotency: a retried job polls the same minute, its probes carry the same message ids
 * (`probe:<broadcaster>:<minute>`) and the accept path answers `duplicate`: no new inbox row,
 * envelope or delivery. Schedules already moved on are not due again, so a retry usually only
 * probes what the failed attempt did not reach.
 *
 * Ordering: the cron line puts every run in one named queue, so runs never overlap and minutes
 * are polled in order. Consumers do not depend on it: a probe is keyed by (broadcaster, minute).
 *
 * Without Kick credentials (`KICK_CLIENT_ID`/`KICK_CLIENT_SECRET` unset) the task logs once that
 * the poller is idle and then does nothing. A Kick failure is logged and returned, not thrown
 * (the next minute tries again); a database failure throws, so graphile retries the job.
 */
import type { Task } from 'graphile-worker';
import type { Logger } from '../../shared/logging/createLogger.ts';
import type { DmPool } from '../../shared/pg/pools.ts';
import type { Acceptor } from '../accept/delivery.ts';
import type { KickApiClient } from '../kickApi/kickApi.ts';
import type { IngestMetrics } from '../metrics/ingestMetrics.ts';
import { createKickBackoff } from '../poller/kickBackoff.ts';
import { truncateToMinute } from '../poller/domain/probeDelivery.ts';
import { pollViewers } from '../poller/pollViewers.ts';

/** The graphile task identifier (stored in job rows: never rename). */
export const kickPollViewersIdentifier = 'kick_poll_viewers';

/**
 * The crontab line: every minute, no backfill (a probe read now must not claim a past minute),
 * in its own queue (one run at a time), three attempts (a retry past a minute or two is pointless:
 * the next minute's run probes the same channels).
 */
export const kickPollViewersCron = `* * * * * ${kickPollViewersIdentifier} ?max=3&queue=${kickPollViewersIdentifier}`;

/** What the task needs; `kick` is null when no Kick credentials are configured. */
export interface KickPollViewersDeps {
  readonly pool: DmPool;
  readonly kick: KickApiClient | null;
  readonly acceptor: Acceptor;
  readonly logger: Logger;
  readonly metrics?: IngestMetrics;
  readonly now?: () => Date;
}

/** The minute graphile's cron scheduled the job for (`_cron.ts`), else the current minute. */
export function scheduledMinuteOf(payload: unknown, now: Date): Date {
  if (typeof payload === 'object' && payload !== null && '_cron' in payload) {
    const cron: unknown = payload._cron;
    if (typeof cron === 'object' && cron !== null && 'ts' in cron && typeof cron.ts === 'string') {
      const ts = new Date(cron.ts);
      if (!Number.isNaN(ts.getTime())) return truncateToMinute(ts);
    }
  }
  return truncateToMinute(now);
}

/** Builds the task; create it once per process (it keeps the Kick back-off between runs). */
export function kickPollViewersTask(deps: KickPollViewersDeps): Task {
  const now = deps.now ?? (() => new Date());
  const backoff = createKickBackoff();
  let idleLogged = false;
  return async (payload) => {
    const kick = deps.kick;
    if (kick === null) {
      if (!idleLogged) {
        idleLogged = true;
        deps.logger.info('kick poller idle: KICK_CLIENT_ID/KICK_CLIENT_SECRET are not set, no viewer counts will be polled');
      }
      return;
    }
    const { pool, acceptor, logger, metrics } = deps;
    await pollViewers({ pool, kick, acceptor, logger, backoff, now, ...(metrics === undefined ? {} : { metrics }) }, scheduledMinuteOf(payload, now()));
  };
}
