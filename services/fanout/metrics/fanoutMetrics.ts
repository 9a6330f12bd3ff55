/**
 * The fan-out's Prometheus metrics, registered on the registry of the role that runs the sender
 * (the ingest role's, served by its admin listener's `/metrics`). Tests pass a fresh `Registry`.
 */
import { Counter, Gauge, type Registry } from 'prom-client';
import type { FanoutAlertReason } from '../domain/classifyHttpStatus.ts';
import type { EventOutcome } from '../domain/planDeliveries.ts';

/** A delivery's outcome for one answer: the target's per-event status, `missing`, `dead` (attempts used up) or `too_large` (a lone event refused with 413). */
export type DeliveryOutcomeLabel = EventOutcome | 'dead' | 'too_large';

/** The fan-out's metrics. */
export interface FanoutMetrics {
  /** Per-event outcomes by target. */
  readonly deliveries: Counter<'target' | 'outcome'>;
  /** HTTP attempts of batches by target and status (`200`, `503`, …, `timeout`, `transport_error`). */
  readonly batchAttempts: Counter<'target' | 'status'>;
  /** Answers a person must act on, by target and reason (`401`, `403`, `other_4xx`, `invalid_answer`). */
  readonly alerts: Counter<'target' | 'reason'>;
  /** Pending deliveries per target, as of the sender's last look. */
  readonly pending: Gauge<'target'>;
}

/** Creates the metrics on `registry` (once per registry: names are unique in one). */
export function createFanoutMetrics(registry: Registry): FanoutMetrics {
  const registers = [registry];
  return {
    deliveries: new Counter({ name: 'vf_fanout_deliveries_total', help: 'Per-event fan-out outcomes by target', labelNames: ['target', 'outcome'], registers }),
    batchAttempts: new Counter({ name: 'vf_fanout_batch_attempts_total', help: 'Batch sends by target and HTTP status (or timeout, transport_error)', labelNames: ['target', 'status'], registers }),
    alerts: new Counter({ name: 'vf_fanout_alerts_total', help: 'Target answers needing a person (401, 403, other 4xx, invalid answer)', labelNames: ['target', 'reason'], registers }),
    pending: new Gauge({ name: 'vf_fanout_pending', help: 'Pending deliveries per target', labelNames: ['target'], registers }),
  };
}

/** Counts an alert; kept here so every alert site labels it the same way. */
export function countAlert(metrics: FanoutMetrics | undefined, target: string, reason: FanoutAlertReason): void {
  metrics?.alerts.inc({ target, reason });
}
