/**
 * What the simulator counts: deliveries sent, by type and by kind of resend, and the answers by
 * HTTP status (`error` when there was no answer, `timeout` when it took too long).
 */
import type { PostOutcome } from './postDelivery.ts';
import type { SimDelivery } from './traffic/createTraffic.ts';

/** A snapshot of the counters. */
export interface SimulatorStats {
  /** Requests sent. */
  readonly sent: number;
  /** Requests answered or given up on. */
  readonly completed: number;
  /** Answers by HTTP status, e.g. `{ "200": 950, "202": 3 }`; `error` / `timeout` without an answer. */
  readonly byStatus: Readonly<Record<string, number>>;
  /** Requests by versioned event type. */
  readonly byType: Readonly<Record<string, number>>;
  /** Requests that were duplicates or retries of earlier ones. */
  readonly resent: { readonly duplicate: number; readonly retry: number };
}

/** Mutable counters behind {@link SimulatorStats}. */
export interface StatsCounter {
  sending(delivery: SimDelivery): void;
  answered(outcome: PostOutcome): void;
  snapshot(): SimulatorStats;
}

function bump(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

/** Creates zeroed counters. */
export function createStatsCounter(): StatsCounter {
  let sent = 0;
  let completed = 0;
  const byStatus: Record<string, number> = {};
  const byType: Record<string, number> = {};
  const resent = { duplicate: 0, retry: 0 };
  return {
    sending(delivery) {
      sent += 1;
      bump(byType, delivery.type);
      if (delivery.resend !== 'original') resent[delivery.resend] += 1;
    },
    answered(outcome) {
      completed += 1;
      bump(byStatus, outcome.kind === 'answered' ? String(outcome.status) : outcome.reason === 'timeout' ? 'timeout' : 'error');
    },
    snapshot: () => ({ sent, completed, byStatus: { ...byStatus }, byType: { ...byType }, resent: { ...resent } }),
  };
}
