/**
 * The window `vf status` and `GET /admin/status` count over. PostgreSQL keeps inbox, outbox and
 * delivery rows for OUTBOX_RETENTION_DAYS, so the window starts at that horizon by default and
 * never earlier: before it, PostgreSQL's counts would be short while ClickHouse (which keeps raw
 * events for ever) is not, and the stages would not reconcile. Pure.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

/** The start of the window: `requested`, raised to the retention horizon when earlier (or when absent). */
export function statusWindowStart(now: Date, retentionDays: number, requested?: Date): Date {
  const horizon = new Date(now.getTime() - retentionDays * DAY_MS);
  if (requested === undefined || requested.getTime() < horizon.getTime()) return horizon;
  return requested;
}
