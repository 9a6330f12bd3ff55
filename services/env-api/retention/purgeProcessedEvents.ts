/**
 * The `processed_events` retention (DESIGN §6, `PROCESSED_EVENTS_RETENTION_DAYS`, default 45):
 * rows applied longer ago than the retention are deleted. Only the dedupe window shrinks: a
 * replay of an event older than it is applied again, which projectors make harmless (applying
 * twice equals applying once).
 *
 * Deleted in chunks, each its own statement, so a large backlog never holds one long transaction
 * against the receiver's inserts.
 */
import { sql } from 'slonik';
import type { EnvPool } from '../../shared/pg/pools.ts';

/** Rows deleted per statement. */
export const PURGE_CHUNK_ROWS = 10_000;

/** Options of {@link purgeProcessedEvents}. */
export interface PurgeOptions {
  readonly retentionDays: number;
  /** The clock (default now). */
  readonly now?: Date;
  readonly chunkRows?: number;
}

/** Deletes `processed_events` rows processed before now − retention; returns how many. */
export async function purgeProcessedEvents(pool: EnvPool, options: PurgeOptions): Promise<number> {
  const now = options.now ?? new Date();
  const cutoff = new Date(now.getTime() - options.retentionDays * 86_400_000);
  const chunk = options.chunkRows ?? PURGE_CHUNK_ROWS;
  let total = 0;
  for (;;) {
    // By processed_at (indexed), not the provider time: the window is about when we applied it.
    const deleted = await pool.query(sql.unsafe`
      DELETE FROM processed_events
      WHERE event_id IN (
        SELECT event_id FROM processed_events
        WHERE processed_at < ${cutoff.toISOString()}::timestamptz
        LIMIT ${chunk}
      )`);
    total += deleted.rowCount;
    if (deleted.rowCount < chunk) return total;
  }
}
