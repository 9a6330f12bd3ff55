/**
 * `dm.scrape_log`: one row per Kick API call the poller or the subscription sync makes, success or
 * not, so an operator can see what Kick answered, how fast, and for how many channels.
 */
import { sql } from 'slonik';
import type { DmPool } from '../../shared/pg/pools.ts';
import { mapPgError } from '../../shared/pg/mapPgError.ts';

/** One call as logged. */
export interface ScrapeLogEntry {
  readonly startedAt: Date;
  /** e.g. `GET /public/v1/channels`. */
  readonly endpoint: string;
  /** The poller's scheduled minute; absent for calls of the subscription sync. */
  readonly probeMinute?: Date | null;
  /** Null when no response arrived. */
  readonly httpStatus: number | null;
  readonly latencyMs: number;
  readonly requestedCount: number;
  readonly resultCount: number;
  /** `<code>: <message>` of a failed call; null on success. */
  readonly error: string | null;
}

/** Inserts one row. */
export async function writeScrapeLog(pool: DmPool, entry: ScrapeLogEntry): Promise<void> {
  try {
    await pool.query(sql.unsafe`
      INSERT INTO dm.scrape_log (started_at, endpoint, probe_minute, http_status, latency_ms, requested_count, result_count, error)
      VALUES (${sql.timestamp(entry.startedAt)}, ${entry.endpoint}, ${entry.probeMinute === undefined || entry.probeMinute === null ? null : sql.timestamp(entry.probeMinute)},
              ${entry.httpStatus}, ${Math.max(0, Math.round(entry.latencyMs))}, ${entry.requestedCount}, ${entry.resultCount}, ${entry.error})`);
  } catch (e: unknown) {
    throw mapPgError(e);
  }
}
