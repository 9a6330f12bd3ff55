/**
 * Runs the `processed_events` purge once at start and then daily, in process: an environment
 * database has no graphile-worker schema to hold a cron. The timer is unref'd (it never keeps the
 * process alive), and a purge that fails is logged and tried again at the next tick.
 */
import { coerceError } from '../../shared/errors.ts';
import type { Logger } from '../../shared/logging/createLogger.ts';
import type { EnvPool } from '../../shared/pg/pools.ts';
import type { EnvApiMetrics } from '../metrics/envApiMetrics.ts';
import { purgeProcessedEvents } from './purgeProcessedEvents.ts';

/** A running purge timer. */
export interface RetentionTimer {
  /** Stops the timer and waits for a purge in progress. */
  stop(): Promise<void>;
}

/** Options of {@link startRetentionTimer}. */
export interface RetentionTimerOptions {
  readonly pool: EnvPool;
  readonly retentionDays: number;
  readonly metrics: EnvApiMetrics;
  readonly logger: Logger;
  /** Time between purges (default one day). */
  readonly intervalMs?: number;
}

/** One day, the purge period of DESIGN §6. */
export const PURGE_INTERVAL_MS = 86_400_000;

/** Starts purging now and every `intervalMs`. */
export function startRetentionTimer(options: RetentionTimerOptions): RetentionTimer {
  let running: Promise<void> = Promise.resolve();
  const purge = (): void => {
    running = running.then(async () => {
      try {
        const deleted = await purgeProcessedEvents(options.pool, { retentionDays: options.retentionDays });
        options.metrics.processedEventsPurged.inc(deleted);
        if (deleted > 0) options.logger.info({ deleted, retentionDays: options.retentionDays }, 'purged processed_events past their retention');
      } catch (e: unknown) {
        options.logger.error({ err: coerceError(e) }, 'the processed_events purge failed; it runs again at the next tick');
      }
    });
  };
  purge();
  const timer = setInterval(purge, options.intervalMs ?? PURGE_INTERVAL_MS);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
