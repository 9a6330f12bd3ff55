/**
 * The counts behind `vf status` and `GET /admin/status` (DESIGN §10, contract schema IngestStatus):
 * received → quarantined → outboxed → stored in ClickHouse, and per target delivered, pending,
 * parked, dead and lag, over a window starting at `since` (at the earliest the retention horizon).
 *
 * Flows (received, outboxed, stored in ClickHouse, delivered, parked, dead) count the window.
 * Backlogs (quarantined, awaiting the raw sink, pending, lag) count every row whatever its age:
 * retention never purges them (services/ingest/retention/purgeIngest.ts), and the oldest are the
 * ones an operator must see.
 *
 * PostgreSQL's counts come from ONE statement, so they share a snapshot and reconcile; the
 * ClickHouse count runs at the same time and may be a moment apart. ClickHouse down (or slow)
 * leaves `storedInClickhouse` null and says why; PostgreSQL down throws `DatabaseUnavailableError`.
 */
import { sql } from 'slonik';
import type { ClickhouseCheck, IngestStatus, StageCounts, TargetCounts } from '../../../generated/openapi/ingest.schemas.ts';
import { toClickhouseDateTime64 } from '../../shared/clickhouse/clickhouseDateTime64.ts';
import { coerceError } from '../../shared/errors.ts';
import { mapPgError } from '../../shared/pg/mapPgError.ts';
import type { DmPool } from '../../shared/pg/pools.ts';
import type { RawEventReader } from '../replay/rawEventReader.ts';
import { statusWindowStart } from './domain/statusWindow.ts';
import { withTimeout } from './withTimeout.ts';

/** What to count. */
export interface StatusOptions {
  /** Count what was received at or after this instant; default and lower bound the retention horizon. */
  readonly since?: Date;
  /** The configured fan-out targets, in configuration order (one entry each in the answer). */
  readonly targets: readonly string[];
  /** OUTBOX_RETENTION_DAYS. */
  readonly retentionDays: number;
  /** How this process reaches ClickHouse: `embedded` (chdb, or the stack's bridge) or `server` (CLICKHOUSE_URL). */
  readonly clickhouseMode: 'embedded' | 'server';
  /** The clock (tests). */
  readonly now?: () => Date;
  /** How long the ClickHouse count may take before ClickHouse counts as down (default 5 s). */
  readonly clickhouseTimeoutMs?: number;
}

type Row = Readonly<Record<string, unknown>>;

function count(value: unknown): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`status: unreadable count ${String(value)}`);
  return n;
}

function targetCounts(value: unknown, now: Date): TargetCounts {
  const row = value as Row;
  const oldestMs = row.oldest_pending_ms === null ? null : Number(row.oldest_pending_ms);
  return {
    target: String(row.target),
    delivered: count(row.delivered),
    pending: count(row.pending),
    parked: count(row.parked),
    dead: count(row.dead),
    // Clamped: the database's clock may run a little ahead of ours.
    lagSeconds: oldestMs === null ? 0 : Math.max(0, (now.getTime() - oldestMs) / 1000),
    oldestPendingAt: oldestMs === null ? null : new Date(oldestMs).toISOString(),
  };
}

async function readPostgres(pool: DmPool, since: Date, targets: readonly string[], now: Date): Promise<{ stages: Omit<StageCounts, 'storedInClickhouse'>; targets: TargetCounts[] }> {
  const from = sql.timestamp(since);
  let row: Row;
  try {
    row = (await pool.one(sql.unsafe`
      WITH inbox AS (
        -- One pass over the inbox: retention keeps it to about the window anyway.
        SELECT count(*) FILTER (WHERE received_at >= ${from}) AS received,
               count(*) FILTER (WHERE status = 'quarantined') AS quarantined,
               count(*) FILTER (WHERE sunk_at IS NULL) AS awaiting_raw_sink
        FROM ingest.inbox
      ), per_target AS (
        SELECT t.target, t.ord,
               count(d.id) FILTER (WHERE d.status = 'done' AND d.created_at >= ${from}) AS delivered,
               count(d.id) FILTER (WHERE d.status = 'pending') AS pending,
               count(d.id) FILTER (WHERE d.status = 'parked' AND d.created_at >= ${from}) AS parked,
               count(d.id) FILTER (WHERE d.status = 'dead' AND d.created_at >= ${from}) AS dead,
               -- A delivery row is created when its envelope is outboxed, or when a replay queues it again.
               extract(epoch FROM min(d.created_at) FILTER (WHERE d.status = 'pending')) * 1000 AS oldest_pending_ms
        FROM unnest(${sql.array([...targets], 'text')}) WITH ORDINALITY AS t(target, ord)
        LEFT JOIN ingest.outbox_delivery d ON d.target = t.target AND (d.status = 'pending' OR d.created_at >= ${from})
        GROUP BY t.target, t.ord
      )
      SELECT i.received, i.quarantined, i.awaiting_raw_sink,
             (SELECT count(*) FROM ingest.outbox WHERE created_at >= ${from}) AS outboxed,
             (SELECT coalesce(json_agg(p ORDER BY p.ord), '[]'::json) FROM per_target p) AS targets
      FROM inbox i`)) as Row;
  } catch (e: unknown) {
    throw mapPgError(e);
  }
  const perTarget = Array.isArray(row.targets) ? (row.targets as unknown[]) : [];
  return {
    stages: { received: count(row.received), quarantined: count(row.quarantined), outboxed: count(row.outboxed), awaitingRawSink: count(row.awaiting_raw_sink) },
    targets: perTarget.map((value) => targetCounts(value, now)),
  };
}

/** `uniqExact(raw_id)`: the raw sink may write a row twice, and ReplacingMergeTree merges duplicates only eventually. */
async function readClickhouse(reader: RawEventReader | null, since: Date, options: StatusOptions): Promise<{ stored: number | null; check: ClickhouseCheck }> {
  const mode = options.clickhouseMode;
  if (reader === null) return { stored: null, check: { status: 'down', mode, error: 'this process has no ClickHouse connection' } };
  try {
    const rows = await withTimeout(
      reader.select("SELECT uniqExact(raw_id) AS n FROM vf.raw_events WHERE received_at >= {since:DateTime64(3, 'UTC')}", { since: toClickhouseDateTime64(since) }),
      options.clickhouseTimeoutMs ?? 5_000,
      'ClickHouse',
    );
    return { stored: count(rows[0]?.n ?? 0), check: { status: 'up', mode, error: null } };
  } catch (e: unknown) {
    return { stored: null, check: { status: 'down', mode, error: coerceError(e).message } };
  }
}

/**
 * Reads the status. `clickhouse` is how this process reads `vf.raw_events` (null: it cannot).
 *
 * @throws DatabaseUnavailableError when PostgreSQL cannot be reached.
 */
export async function readStatus(pool: DmPool, clickhouse: RawEventReader | null, options: StatusOptions): Promise<IngestStatus> {
  const now = (options.now ?? (() => new Date()))();
  const since = statusWindowStart(now, options.retentionDays, options.since);
  const [postgres, stored] = await Promise.all([readPostgres(pool, since, options.targets, now), readClickhouse(clickhouse, since, options)]);
  return {
    generatedAt: now.toISOString(),
    since: since.toISOString(),
    stages: { ...postgres.stages, storedInClickhouse: stored.stored },
    targets: postgres.targets,
    clickhouse: stored.check,
  };
}
