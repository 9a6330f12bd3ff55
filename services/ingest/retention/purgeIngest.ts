/**
 * Retention of the ingest tier's PostgreSQL rows (DESIGN §6): OUTBOX_RETENTION_DAYS (default 30)
 * for outbox rows, their deliveries and batches, and inbox rows already written to ClickHouse.
 * ClickHouse keeps the raw events (bodies for RAW_BODY_TTL_DAYS, metadata for ever), and
 * `vf replay --from raw` re-creates a purged outbox row from there.
 *
 * What stays, whatever its age:
 * - an outbox row with a pending delivery (work not done; its settled deliveries stay with it);
 * - a delivery batch not settled;
 * - an inbox row not yet sunk (its bytes exist nowhere else), and a quarantined row not released:
 *   it is the operator's backlog for `vf quarantine replay`, which needs its bytes, and it keeps
 *   a provider's redelivery answered as quarantined rather than accepted behind the operator's back;
 * - a dedupe key before its own expiry (24 h for Kick bodies, 90 days for Sumsub).
 * Dead letters go once they are older than the retention and their delivery row is gone (or they
 * record a job, not a delivery).
 *
 * Each kind is deleted a chunk at a time, one statement (and transaction) per chunk, rows taken
 * `FOR UPDATE SKIP LOCKED`, so a purge never holds a long lock and never waits on the sender.
 */
import { sql, type QuerySqlToken } from 'slonik';
import { mapPgError } from '../../shared/pg/mapPgError.ts';
import type { DmPool } from '../../shared/pg/pools.ts';

/** Options of {@link purgeIngest}. */
export interface PurgeIngestOptions {
  /** OUTBOX_RETENTION_DAYS. */
  readonly retentionDays: number;
  /** The clock (tests). */
  readonly now?: Date;
  /** Rows per statement (default 5,000). */
  readonly chunkSize?: number;
}

/** Rows deleted, per kind. */
export interface PurgeIngestResult {
  outbox: number;
  /** Deliveries that went with their outbox rows (cascade). */
  deliveries: number;
  batches: number;
  inbox: number;
  dedupeKeys: number;
  deadLetters: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

type Row = Readonly<Record<string, unknown>>;

/** Runs `statement` until it deletes less than a chunk; sums its `n` and `extra` columns. */
async function drain(pool: DmPool, size: number, statement: QuerySqlToken): Promise<{ n: number; extra: number }> {
  const sum = { n: 0, extra: 0 };
  for (;;) {
    const row = (await pool.one(statement)) as Row;
    const n = Number(row.n);
    sum.n += n;
    sum.extra += Number(row.extra ?? 0);
    if (n < size) return sum;
  }
}

/** Deletes what is past retention (see the module comment) and says how much. */
export async function purgeIngest(pool: DmPool, options: PurgeIngestOptions): Promise<PurgeIngestResult> {
  const now = options.now ?? new Date();
  const cutoff = sql.timestamp(new Date(now.getTime() - options.retentionDays * DAY_MS));
  const size = options.chunkSize ?? 5_000;
  try {
    const outbox = await drain(pool, size, sql.unsafe`
      WITH doomed AS (
        SELECT o.position FROM ingest.outbox o
        WHERE o.created_at < ${cutoff}
          AND NOT EXISTS (SELECT 1 FROM ingest.outbox_delivery d WHERE d.outbox_position = o.position AND d.status = 'pending')
        ORDER BY o.created_at
        LIMIT ${size}
        FOR UPDATE SKIP LOCKED
      ), counted AS (
        -- Read before the delete (same snapshot): the deliveries the cascade removes.
        SELECT count(*)::int AS extra FROM ingest.outbox_delivery d WHERE d.outbox_position IN (SELECT position FROM doomed)
      ), gone AS (
        DELETE FROM ingest.outbox o USING doomed WHERE o.position = doomed.position RETURNING 1
      )
      SELECT (SELECT count(*) FROM gone)::int AS n, (SELECT extra FROM counted) AS extra`);
    const batches = await drain(pool, size, sql.unsafe`
      WITH gone AS (
        DELETE FROM ingest.delivery_batch WHERE id IN (
          SELECT id FROM ingest.delivery_batch WHERE settled_at IS NOT NULL AND settled_at < ${cutoff} LIMIT ${size} FOR UPDATE SKIP LOCKED
        ) RETURNING 1
      ) SELECT count(*)::int AS n FROM gone`);
    const inbox = await drain(pool, size, sql.unsafe`
      WITH gone AS (
        DELETE FROM ingest.inbox WHERE id IN (
          SELECT id FROM ingest.inbox
          WHERE received_at < ${cutoff} AND sunk_at IS NOT NULL AND status = 'accepted'
          ORDER BY received_at LIMIT ${size} FOR UPDATE SKIP LOCKED
        ) RETURNING 1
      ) SELECT count(*)::int AS n FROM gone`);
    const dedupeKeys = await drain(pool, size, sql.unsafe`
      WITH gone AS (
        DELETE FROM ingest.dedupe_key WHERE key IN (
          SELECT key FROM ingest.dedupe_key WHERE expires_at <= ${sql.timestamp(now)} ORDER BY expires_at LIMIT ${size} FOR UPDATE SKIP LOCKED
        ) RETURNING 1
      ) SELECT count(*)::int AS n FROM gone`);
    const deadLetters = await drain(pool, size, sql.unsafe`
      WITH gone AS (
        DELETE FROM ingest.dead_letter WHERE id IN (
          SELECT id FROM ingest.dead_letter
          WHERE created_at < ${cutoff} AND (kind = 'job' OR outbox_delivery_id IS NULL)
          ORDER BY created_at LIMIT ${size} FOR UPDATE SKIP LOCKED
        ) RETURNING 1
      ) SELECT count(*)::int AS n FROM gone`);
    return { outbox: outbox.n, deliveries: outbox.extra, batches: batches.n, inbox: inbox.n, dedupeKeys: dedupeKeys.n, deadLetters: deadLetters.n };
  } catch (e: unknown) {
    throw mapPgError(e);
  }
}
