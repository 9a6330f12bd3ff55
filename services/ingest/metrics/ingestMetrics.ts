/**
 * The ingest role's Prometheus metrics, on a registry of its own (served by the admin listener's
 * `/metrics`). One instance per process; tests build their own.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface IngestMetrics {
  readonly registry: Registry;
  /** Webhooks by source, versioned type (or provider type) and outcome (accepted, duplicate, quarantined, rejected_<status>). */
  readonly webhooks: Counter<'source' | 'type' | 'outcome'>;
  /** Signature failures by source and reason (missing, invalid, unknown_algorithm). */
  readonly signatureFailures: Counter<'source' | 'reason'>;
  /** Time from receipt to acknowledgement, seconds. */
  readonly ackSeconds: Histogram<'source'>;
  /** Rows written to vf.raw_events by the raw sink. */
  readonly rawEventsSunk: Counter;
  /** Inbox rows not yet written to ClickHouse. */
  readonly rawSinkBacklog: Gauge;
  /** Kick API calls by endpoint and HTTP status (or `error`). */
  readonly pollerCalls: Counter<'endpoint' | 'status'>;
  /** Tracked channels missing one of the 10 event subscriptions, as of the last sync. */
  readonly missingSubscriptions: Gauge;
}

export function createIngestMetrics(options: { defaultMetrics?: boolean } = {}): IngestMetrics {
  const registry = new Registry();
  if (options.defaultMetrics === true) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    webhooks: new Counter({ name: 'vf_ingest_webhooks_total', help: 'Provider webhooks by source, type and outcome', labelNames: ['source', 'type', 'outcome'], registers }),
    signatureFailures: new Counter({ name: 'vf_ingest_signature_failures_total', help: 'Webhooks refused for their signature', labelNames: ['source', 'reason'], registers }),
    ackSeconds: new Histogram({ name: 'vf_ingest_ack_seconds', help: 'Receipt to acknowledgement', labelNames: ['source'], buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1], registers }),
    rawEventsSunk: new Counter({ name: 'vf_ingest_raw_events_sunk_total', help: 'Rows written to vf.raw_events', registers }),
    rawSinkBacklog: new Gauge({ name: 'vf_ingest_raw_sink_backlog', help: 'Inbox rows not yet written to ClickHouse', registers }),
    pollerCalls: new Counter({ name: 'vf_ingest_kick_api_calls_total', help: 'Kick API calls by endpoint and status', labelNames: ['endpoint', 'status'], registers }),
    missingSubscriptions: new Gauge({ name: 'vf_ingest_missing_subscriptions', help: 'Missing Kick event subscriptions of tracked channels', registers }),
  };
}
