/**
 * The environment API's Prometheus metrics, on a registry of its own (served by `/metrics`). One
 * instance per role; under `npm start` each environment has its own. Tests build their own.
 */
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface EnvApiMetrics {
  readonly registry: Registry;
  /** Envelopes by versioned type (`unknown` for a type this environment does not know or an unreadable one) and result status. */
  readonly events: Counter<'type' | 'status'>;
  /** Time to apply one envelope (processed_events insert + projector + commit), seconds, by type and status. */
  readonly applySeconds: Histogram<'type' | 'status'>;
  /** `POST /internal/events` requests refused before any envelope was looked at, by error code. */
  readonly refusedRequests: Counter<'code'>;
  /** `processed_events` rows deleted by the retention purge. */
  readonly processedEventsPurged: Counter;
  /** Projectors that threw (the event answered `failed`, retried by the sender), by versioned type. */
  readonly projectorErrors: Counter<'type'>;
}

/** A fresh metrics set; `defaultMetrics` adds prom-client's process metrics (the role does, tests do not). */
export function createEnvApiMetrics(options: { defaultMetrics?: boolean } = {}): EnvApiMetrics {
  const registry = new Registry();
  if (options.defaultMetrics === true) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    events: new Counter({ name: 'vf_envapi_events_total', help: 'Envelopes received by type and result status', labelNames: ['type', 'status'], registers }),
    applySeconds: new Histogram({
      name: 'vf_envapi_apply_seconds',
      help: 'Time to apply one envelope (processed_events row, projector, commit)',
      labelNames: ['type', 'status'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers,
    }),
    refusedRequests: new Counter({ name: 'vf_envapi_refused_requests_total', help: 'POST /internal/events requests refused as a whole, by error code', labelNames: ['code'], registers }),
    processedEventsPurged: new Counter({ name: 'vf_envapi_processed_events_purged_total', help: 'processed_events rows deleted by the retention purge', registers }),
    projectorErrors: new Counter({ name: 'vf_envapi_projector_errors_total', help: 'Projector errors (events answered failed) by type', labelNames: ['type'], registers }),
  };
}
