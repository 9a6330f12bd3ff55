/**
 * `GET /admin/charts/event-rates`: inbox rows per minute and versioned type over the last
 * `minutes` (contract schema EventRateChart). The inbox holds one row per accepted or quarantined
 * delivery and per viewer probe (a duplicate writes none), kept for OUTBOX_RETENTION_DAYS, and is
 * indexed on `received_at`, so the window is one range scan.
 */
import { sql } from 'slonik';
import type { EventRateChart } from '../../../generated/openapi/ingest.schemas.ts';
import { mapPgError } from '../../shared/pg/mapPgError.ts';
import type { DmPool } from '../../shared/pg/pools.ts';
import { num, textOrNull, type Row } from './consoleRows.ts';
import { chartWindow, fillSeries, isoSeconds, MINUTE_MS } from './domain/chartWindow.ts';
import { eventTypeLabel } from './domain/eventTypeLabel.ts';

/** Counts per minute and type, every minute of the window present. */
export async function readEventRates(pool: DmPool, minutes: number, now: Date): Promise<EventRateChart> {
  const window = chartWindow(now.getTime(), minutes, MINUTE_MS);
  let rows: readonly Row[];
  try {
    rows = (await pool.any(sql.unsafe`
      SELECT (floor(extract(epoch FROM received_at) / 60) * 60000)::float8 AS minute_ms,
             source, event_type, event_version, count(*)::int AS n
      FROM ingest.inbox
      WHERE received_at >= ${sql.timestamp(new Date(window.startMs))}
      GROUP BY 1, 2, 3, 4`)) as readonly Row[];
  } catch (e: unknown) {
    throw mapPgError(e);
  }
  const cells = rows.map((row) => ({
    key: eventTypeLabel({ source: String(row.source), eventType: textOrNull(row, 'event_type'), eventVersion: textOrNull(row, 'event_version') }),
    bucketStartMs: num(row, 'minute_ms'),
    value: num(row, 'n'),
  }));
  // Several provider spellings can map to one label (every unknown type does): their counts add up.
  const series = fillSeries(window, cells, 0, (a, b) => a + b);
  return {
    from: isoSeconds(window.startMs),
    to: now.toISOString(),
    bucketSeconds: 60,
    buckets: window.bucketStartsMs.map(isoSeconds),
    series: [...series].map(([type, counts]) => ({ type, counts })),
  };
}
