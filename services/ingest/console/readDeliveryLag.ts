/**
 * `GET /admin/charts/delivery-lag`: per target and minute of the environment's answer, the mean
 * and largest wait of the deliveries it settled as delivered (contract schema DeliveryLagChart).
 * The wait runs from the delivery row's creation to `done_at`; a retried dead or parked delivery
 * keeps its creation time, so its wait includes the time it spent dead or parked.
 */
import { sql } from 'slonik';
import type { DeliveryLagChart } from '../../../generated/openapi/ingest.schemas.ts';
import { mapPgError } from '../../shared/pg/mapPgError.ts';
import type { DmPool } from '../../shared/pg/pools.ts';
import { num, type Row } from './consoleRows.ts';
import { chartWindow, fillSeries, isoSeconds, MINUTE_MS } from './domain/chartWindow.ts';

interface LagCell {
  readonly delivered: number;
  readonly meanSeconds: number | null;
  readonly maxSeconds: number | null;
}

/** Lag per target and minute, every minute of the window present. */
export async function readDeliveryLag(pool: DmPool, minutes: number, now: Date): Promise<DeliveryLagChart> {
  const window = chartWindow(now.getTime(), minutes, MINUTE_MS);
  let rows: readonly Row[];
  try {
    // Only settled deliveries have a done_at; greatest(0, …) keeps a clock step from showing negative waits.
    rows = (await pool.any(sql.unsafe`
      SELECT target, (floor(extract(epoch FROM done_at) / 60) * 60000)::float8 AS minute_ms, count(*)::int AS n,
             greatest(0, avg(extract(epoch FROM done_at - created_at)))::float8 AS mean_s,
             greatest(0, max(extract(epoch FROM done_at - created_at)))::float8 AS max_s
      FROM ingest.outbox_delivery
      WHERE status = 'done' AND done_at >= ${sql.timestamp(new Date(window.startMs))}
      GROUP BY 1, 2`)) as readonly Row[];
  } catch (e: unknown) {
    throw mapPgError(e);
  }
  const empty: LagCell = { delivered: 0, meanSeconds: null, maxSeconds: null };
  const cells = rows.map((row) => ({
    key: String(row.target),
    bucketStartMs: num(row, 'minute_ms'),
    value: { delivered: num(row, 'n'), meanSeconds: num(row, 'mean_s'), maxSeconds: num(row, 'max_s') },
  }));
  const series = fillSeries<LagCell>(window, cells, empty);
  return {
    from: isoSeconds(window.startMs),
    to: now.toISOString(),
    bucketSeconds: 60,
    buckets: window.bucketStartsMs.map(isoSeconds),
    targets: [...series].map(([target, values]) => ({
      target,
      delivered: values.map((v) => v.delivered),
      meanSeconds: values.map((v) => v.meanSeconds),
      maxSeconds: values.map((v) => v.maxSeconds),
    })),
  };
}
