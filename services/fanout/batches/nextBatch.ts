/**
 * The sender's next piece of work for one target (DESIGN §6): an unsettled batch whose retry time
 * has come (resent as stored), else a new batch cut from the pending deliveries, else when to
 * come back. Runs under the target's advisory lock (sendPending.ts), so nothing else cuts batches
 * of this target meanwhile.
 */
import { sql, type DatabasePoolConnection } from 'slonik';
import { v7 as uuidv7 } from 'uuid';
import { loadBatchMembers, renderBatchBody, toMember, type DeliveryBatch } from './deliveryBatch.ts';

/** Limits of a new batch. */
export interface BatchLimits {
  readonly batchMaxEvents: number;
  readonly batchMaxBytes: number;
}

/** What to do next. */
export type NextBatch =
  | { kind: 'send'; batch: DeliveryBatch }
  /** Work exists but none is due before `until`. */
  | { kind: 'wait'; until: Date }
  /** No pending delivery of this target. */
  | { kind: 'idle' };

/**
 * Picks the next batch. While any batch of the target is unsettled and not yet due, no new batch
 * is cut: the target is failing as a whole (down, 401, 5xx), a new batch would fail the same way,
 * and waiting keeps the open batches few and the retries in outbox order.
 */
export async function nextBatch(db: DatabasePoolConnection, target: string, now: Date, limits: BatchLimits): Promise<NextBatch> {
  // Few rows: only batches sent and not yet answered (a split leaves two).
  const open = await db.any(sql.unsafe`
    SELECT id::text AS id, attempts, next_attempt_at <= ${sql.timestamp(now)} AS due,
      floor(extract(epoch FROM next_attempt_at) * 1000)::float8 AS next_ms
    FROM ingest.delivery_batch
    WHERE target = ${target} AND settled_at IS NULL
    ORDER BY id`);
  const rows = open.map((row) => row as Readonly<Record<string, unknown>>);
  const due = rows.find((row) => row['due'] === true);
  if (due !== undefined) {
    const id = String(due['id']);
    return { kind: 'send', batch: { id, target, attempts: Number(due['attempts']), members: await loadBatchMembers(db, id) } };
  }
  if (rows.length > 0) return { kind: 'wait', until: new Date(Math.min(...rows.map((row) => Number(row['next_ms'])))) };
  const batch = await cutBatch(db, target, now, limits);
  if (batch !== null) return { kind: 'send', batch };
  const next = await db.maybeOneFirst(sql.unsafe`
    SELECT floor(extract(epoch FROM min(next_attempt_at)) * 1000)::float8
    FROM ingest.outbox_delivery WHERE target = ${target} AND status = 'pending'`);
  return next === null ? { kind: 'idle' } : { kind: 'wait', until: new Date(Number(next)) };
}

/**
 * Cuts and stores a new batch from the pending, due deliveries of `target` in outbox order, up to
 * the event and byte limits (a single event over the byte limit still goes, alone), in one
 * transaction: the batch row with its ordered membership, and each member's `batch_id`.
 *
 * Outbox visibility: positions are taken at insert and become visible at commit, so a row with a
 * lower position can appear after this read. It is not skipped: selection is by status (pending),
 * not by a position cursor, and the accepting transaction queued this target's job, which runs
 * after that commit and takes it. It may go in a later batch than its position says; ordering is
 * best effort per subject (DESIGN §6). So no `pg_snapshot_xmin` filter is needed here.
 */
async function cutBatch(db: DatabasePoolConnection, target: string, now: Date, limits: BatchLimits): Promise<DeliveryBatch | null> {
  return db.transaction(async (tx) => {
    // The running sum counts each envelope's bytes plus one for its comma or bracket, plus the
    // closing bracket: the exact size of the body renderBatchBody makes. Sizes are computed in the
    // server so envelopes past the limit are never transferred.
    const rows = await tx.any(sql.unsafe`
      WITH candidates AS (
        SELECT d.id, d.outbox_position, d.attempts, octet_length(o.envelope::text) + 1 AS bytes
        FROM ingest.outbox_delivery d
        JOIN ingest.outbox o ON o.position = d.outbox_position
        WHERE d.target = ${target} AND d.status = 'pending' AND d.next_attempt_at <= ${sql.timestamp(now)}
          -- Defensive: a delivery still in an open batch is that batch's to resend.
          AND NOT EXISTS (SELECT 1 FROM ingest.delivery_batch b WHERE b.id = d.batch_id AND b.settled_at IS NULL)
        ORDER BY d.outbox_position
        LIMIT ${limits.batchMaxEvents}
      ), sized AS (
        SELECT id, outbox_position, attempts,
          sum(bytes) OVER (ORDER BY outbox_position) + 1 AS running,
          row_number() OVER (ORDER BY outbox_position) AS n
        FROM candidates
      )
      SELECT s.id::text AS delivery_id, o.envelope_id::text AS envelope_id, s.attempts, o.envelope::text AS envelope_json
      FROM sized s
      JOIN ingest.outbox o ON o.position = s.outbox_position
      WHERE s.n = 1 OR s.running <= ${limits.batchMaxBytes}
      ORDER BY s.outbox_position`);
    if (rows.length === 0) return null;
    const members = rows.map(toMember);
    const id = uuidv7();
    const byteSize = Buffer.byteLength(renderBatchBody(members));
    const ids = members.map((m) => m.deliveryId);
    await tx.query(sql.unsafe`
      INSERT INTO ingest.delivery_batch (id, target, delivery_ids, byte_size, next_attempt_at)
      VALUES (${sql.uuid(id)}, ${target}, ${sql.array(ids, 'int8')}, ${byteSize}, ${sql.timestamp(now)})`);
    await tx.query(sql.unsafe`
      UPDATE ingest.outbox_delivery SET batch_id = ${sql.uuid(id)}, updated_at = ${sql.timestamp(now)}
      WHERE id = ANY(${sql.array(ids, 'int8')})`);
    return { id, target, attempts: 0, members };
  });
}
