/**
 * Keeps the `vf_fanout_pending` gauge current without counting on every run: during a target's
 * outage every accepting transaction wakes its sender, and counting a large backlog each time would
 * cost more than the run itself.
 */
import { sql } from 'slonik';
import type { DmPool } from '../../shared/pg/pools.ts';
import type { FanoutMetrics } from './fanoutMetrics.ts';

/** Refreshes a target's gauge when it is older than the interval. */
export type PendingGaugeRefresher = (target: string) => Promise<void>;

/** A refresher that counts a target's pending deliveries at most once per `minIntervalMs` (default 10 s). */
export function pendingGaugeRefresher(pool: DmPool, metrics: FanoutMetrics | undefined, minIntervalMs = 10_000): PendingGaugeRefresher {
  const refreshedAt = new Map<string, number>();
  return async (target) => {
    if (metrics === undefined) return;
    const last = refreshedAt.get(target);
    const nowMs = performance.now();
    if (last !== undefined && nowMs - last < minIntervalMs) return;
    refreshedAt.set(target, nowMs);
    const pending = await pool.oneFirst(sql.unsafe`SELECT count(*)::int FROM ingest.outbox_delivery WHERE target = ${target} AND status = 'pending'`);
    metrics.pending.set({ target }, Number(pending));
  };
}
