/**
 * Gauges of the ingest role read from PostgreSQL when Prometheus scrapes `/metrics`: outbox depth
 * (pending deliveries) and delivery lag per target, and dead letters not yet replayed, by kind.
 * Reading at scrape time keeps them true whatever process wrote the rows (the fan-out sender, a
 * replay from the CLI, the retention purge), at one query per scrape.
 *
 * The gauges share that one query: prom-client collects every metric of a scrape at once, so the
 * first gauge starts it and the others await the same result. The query has a short timeout, and a
 * failing one never fails the scrape: the gauges then have no samples (absent, not a stale value)
 * and `vf_ingest_db_gauge_failures_total` counts it.
 */
import { Counter, Gauge } from 'prom-client';
import { sql } from 'slonik';
import { coerceError } from '../../shared/errors.ts';
import type { Logger } from '../../shared/logging/createLogger.ts';
import type { DmPool } from '../../shared/pg/pools.ts';
import { withTimeout } from '../status/withTimeout.ts';
import type { IngestMetrics } from './ingestMetrics.ts';

/** Options of {@link registerIngestDbGauges}. */
export interface IngestDbGaugeOptions {
  /** How long the scrape query may take (default 2 s). */
  readonly timeoutMs?: number;
  /** Where a failing query is logged (at most once a minute). */
  readonly logger?: Logger;
}

interface Snapshot {
  readonly targets: readonly { readonly target: string; readonly pending: number; readonly lagSeconds: number }[];
  readonly deadLetters: Readonly<Record<string, number>>;
}

/** The kinds of `ingest.dead_letter` (sql/postgres/dm/migrations/0002_ingest.sql): always exported, 0 when none. */
const deadLetterKinds = ['delivery', 'job'] as const;

type Row = Readonly<Record<string, unknown>>;

async function readSnapshot(pool: DmPool, targets: readonly string[], timeoutMs: number): Promise<Snapshot> {
  const row = await withTimeout(
    pool.transaction(async (tx) => {
      // PostgreSQL stops the statement too, so a slow scrape does not keep running after we gave up on it.
      await tx.query(sql.unsafe`SELECT set_config('statement_timeout', ${String(timeoutMs)}, true)`);
      return (await tx.one(sql.unsafe`
        SELECT
          (SELECT coalesce(json_agg(json_build_object('target', t.target, 'pending', p.pending, 'lag', p.lag)), '[]'::json)
           FROM unnest(${sql.array([...targets], 'text')}) AS t(target)
           -- The sender's partial index (target, outbox_position) WHERE status = 'pending' serves this.
           CROSS JOIN LATERAL (
             SELECT count(*) AS pending, coalesce(extract(epoch FROM now() - min(d.created_at)), 0) AS lag
             FROM ingest.outbox_delivery d WHERE d.target = t.target AND d.status = 'pending'
           ) p) AS targets,
          (SELECT coalesce(json_object_agg(kind, n), '{}'::json)
           FROM (SELECT kind, count(*) AS n FROM ingest.dead_letter WHERE replayed_at IS NULL GROUP BY kind) k) AS dead_letters`)) as Row;
    }),
    timeoutMs,
    'metrics query',
  );
  const targetRows = Array.isArray(row.targets) ? (row.targets as Row[]) : [];
  const deadLetters = typeof row.dead_letters === 'object' && row.dead_letters !== null ? (row.dead_letters as Record<string, unknown>) : {};
  return {
    targets: targetRows.map((t) => ({ target: String(t.target), pending: Number(t.pending), lagSeconds: Math.max(0, Number(t.lag)) })),
    deadLetters: Object.fromEntries(Object.entries(deadLetters).map(([kind, n]) => [kind, Number(n)])),
  };
}

/**
 * Registers `vf_ingest_outbox_depth{target}`, `vf_ingest_delivery_lag_seconds{target}`,
 * `vf_ingest_dead_letters{kind}` and `vf_ingest_db_gauge_failures_total` on the role's registry
 * (once per registry). `targets` are the configured fan-out targets.
 */
export function registerIngestDbGauges(metrics: IngestMetrics, pool: DmPool, targets: readonly string[], options: IngestDbGaugeOptions = {}): void {
  const registers = [metrics.registry];
  const timeoutMs = options.timeoutMs ?? 2_000;
  let inFlight: Promise<Snapshot | null> | null = null;
  let lastLoggedMs = Number.NEGATIVE_INFINITY;

  const failures = new Counter({
    name: 'vf_ingest_db_gauge_failures_total',
    help: 'Scrapes whose PostgreSQL query for the outbox and dead-letter gauges failed',
    registers,
    // Waits for the scrape's query, so a failure shows in the same scrape.
    async collect() {
      await snapshot();
    },
  });

  // One query per scrape: the metrics collected together share the promise; the next scrape starts anew.
  function snapshot(): Promise<Snapshot | null> {
    inFlight ??= readSnapshot(pool, targets, timeoutMs)
      .catch((e: unknown) => {
        failures.inc();
        if (performance.now() - lastLoggedMs > 60_000) {
          lastLoggedMs = performance.now();
          options.logger?.warn({ err: coerceError(e) }, 'metrics: the outbox and dead-letter gauges could not be read');
        }
        return null;
      })
      .finally(() => {
        inFlight = null;
      });
    return inFlight;
  }

  new Gauge({
    name: 'vf_ingest_outbox_depth',
    help: 'Pending deliveries per target (counted when scraped)',
    labelNames: ['target'],
    registers,
    async collect() {
      this.reset();
      for (const t of (await snapshot())?.targets ?? []) this.set({ target: t.target }, t.pending);
    },
  });
  new Gauge({
    name: 'vf_ingest_delivery_lag_seconds',
    help: 'Age of the oldest pending delivery per target, seconds; 0 when none is pending',
    labelNames: ['target'],
    registers,
    async collect() {
      this.reset();
      for (const t of (await snapshot())?.targets ?? []) this.set({ target: t.target }, t.lagSeconds);
    },
  });
  new Gauge({
    name: 'vf_ingest_dead_letters',
    help: 'Dead letters not replayed, by kind (delivery, job)',
    labelNames: ['kind'],
    registers,
    async collect() {
      this.reset();
      const read = await snapshot();
      if (read === null) return;
      for (const kind of new Set([...deadLetterKinds, ...Object.keys(read.deadLetters)])) this.set({ kind }, read.deadLetters[kind] ?? 0);
    },
  });
}
