/**
 * The raw sink: moves the raw bytes and headers of accepted and quarantined deliveries from the
 * PostgreSQL inbox to ClickHouse `vf.raw_events` (DESIGN §5), batch by batch, until the inbox has
 * nothing unsunk.
 *
 * Per batch, one PostgreSQL transaction holds the row locks across the ClickHouse insert: the rows
 * are marked sunk (and their bytes cleared) only in the transaction that follows a successful
 * insert. ClickHouse down → rollback, the rows keep their bytes and stay unsunk. An insert that
 * succeeded followed by a failed commit writes the batch again next time, which
 * `ReplacingMergeTree` keyed by raw_id counts once (`uniqExact(raw_id)` or `FINAL`).
 *
 * No per-query `clickhouse_settings` and no insert deduplication tokens: through the chdb
 * connection they become session `SET`s that stick (see createClickhouseClient.ts).
 */
import { isUtf8 } from 'node:buffer';
import type { ClickHouseClient } from '@clickhouse/client';
import { sql } from 'slonik';
import { AppError, coerceError } from '../../shared/errors.ts';
import { silentLogger, type Logger } from '../../shared/logging/createLogger.ts';
import { mapPgError } from '../../shared/pg/mapPgError.ts';
import type { DmPool } from '../../shared/pg/pools.ts';
import type { IngestMetrics } from '../metrics/ingestMetrics.ts';
import { claimInboxBatch } from './claimInboxBatch.ts';
import { rawEventRow } from './rawEventRow.ts';

/** Options of {@link sinkRawEvents}. */
export interface SinkRawEventsOptions {
  /** Inbox rows per ClickHouse insert (default 1000). */
  batchSize?: number;
  /** Raw body bytes per insert, at least one row (default 8 MiB). */
  maxBatchBytes?: number;
  logger?: Logger;
  metrics?: IngestMetrics;
  /**
   * Runs after a batch's ClickHouse insert, before its PostgreSQL commit; a throw rolls the batch
   * back. Tests use it to fail a commit after a successful insert.
   */
  afterClickhouseInsert?: (batch: { rawIds: readonly string[] }) => Promise<void>;
  /**
   * Stops between batches once aborted (the worker is shutting down), so a long backlog does not
   * hold up the stop; the rest waits in the inbox for the next run.
   */
  signal?: AbortSignal;
}

/**
 * Sinks every unsunk inbox row. Resolves with how many rows this call wrote.
 *
 * @throws AppError `INGEST_RAW_SINK_CLICKHOUSE_FAILED` when ClickHouse refused or could not be
 *   reached (the batch stays in the inbox); `DatabaseUnavailableError` & co. from PostgreSQL.
 */
export async function sinkRawEvents(pool: DmPool, clickhouse: ClickHouseClient, options: SinkRawEventsOptions = {}): Promise<{ sunk: number }> {
  const batchSize = options.batchSize ?? 1000;
  const maxBatchBytes = options.maxBatchBytes ?? 8 * 1024 * 1024;
  const logger = options.logger ?? silentLogger();
  let sunk = 0;
  try {
    for (;;) {
      if (options.signal?.aborted === true) break;
      const written = await pool.transaction(async (tx) => {
        const batch = await claimInboxBatch(tx, { batchSize, maxBatchBytes });
        if (batch.rows.length === 0) return 0;
        const values = batch.rows.map((row) => {
          // ClickHouse takes the body as text; bytes that are not UTF-8 (only a quarantined
          // non-JSON body can have them) are stored with replacement characters.
          if (!isUtf8(row.rawBody)) logger.warn({ rawId: row.rawEventId }, 'raw body is not UTF-8; stored with replacement characters');
          return rawEventRow(row);
        });
        try {
          await clickhouse.insert({ table: 'vf.raw_events', values, format: 'JSONEachRow' });
        } catch (e: unknown) {
          throw new AppError('INGEST_RAW_SINK_CLICKHOUSE_FAILED', `Writing ${values.length} raw events to ClickHouse failed: ${coerceError(e).message}`, {
            details: { rows: values.length },
            cause: e,
          });
        }
        await options.afterClickhouseInsert?.({ rawIds: values.map((value) => value.raw_id) });
        await tx.query(sql.unsafe`
          -- Quarantined rows keep their bytes: \`vf quarantine replay\` re-runs them from here, and a
          -- release re-opens the row (sunk_at NULL) so ClickHouse gets it again as accepted.
          UPDATE ingest.inbox
          SET sunk_at = now(),
              raw_body = CASE WHEN status = 'quarantined' THEN raw_body END,
              raw_headers = CASE WHEN status = 'quarantined' THEN raw_headers END
          WHERE id = ANY(${sql.array(batch.ids, 'int8')})`);
        return values.length;
      });
      if (written === 0) break;
      sunk += written;
      options.metrics?.rawEventsSunk.inc(written);
      logger.debug({ rows: written }, 'raw events written to ClickHouse');
    }
  } catch (e: unknown) {
    await updateBacklog(pool, options.metrics);
    throw mapPgError(e);
  }
  await updateBacklog(pool, options.metrics);
  return { sunk };
}

/** Sets the backlog gauge; best effort, since it must not hide the outcome of the run. */
async function updateBacklog(pool: DmPool, metrics: IngestMetrics | undefined): Promise<void> {
  if (metrics === undefined) return;
  try {
    const unsunk = await pool.oneFirst(sql.unsafe`SELECT count(*)::int AS n FROM ingest.inbox WHERE sunk_at IS NULL`);
    metrics.rawSinkBacklog.set(Number(unsunk));
  } catch {
    // PostgreSQL is down: the gauge keeps its last value until the next run.
  }
}
