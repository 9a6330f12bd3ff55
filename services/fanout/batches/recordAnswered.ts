/**
 * Writes a 200 answer: each delivery's new state (done, parked, dead with its dead letter, or back
 * to pending with a retry time) and the batch settled as `answered`, in one transaction.
 */
import { sql, type DatabasePoolConnection } from 'slonik';
import type { DeliveryDecision } from '../domain/planDeliveries.ts';
import type { DeliveryBatch } from './deliveryBatch.ts';

/** When a delivery answered `failed` (or missing) after `attempts` answers is tried again. */
export type RetryAt = (attempts: number) => Date;

const statusOf = { done: 'done', parked: 'parked', retry: 'pending', dead: 'dead' } as const;

/**
 * Applies `decisions` to the batch's deliveries. Only rows still pending in this batch change (an
 * operator may have settled one meanwhile); a retried delivery keeps its `batch_id` as history and
 * is free for a new batch once this one is settled and its `next_attempt_at` has come.
 */
export async function recordAnswered(db: DatabasePoolConnection, batch: DeliveryBatch, decisions: readonly DeliveryDecision[], now: Date, retryAt: RetryAt): Promise<void> {
  const at = now.toISOString();
  const rows = decisions.map((d) => [
    d.deliveryId,
    statusOf[d.kind],
    d.attempts,
    d.kind === 'retry' ? retryAt(d.attempts).toISOString() : null,
    d.kind === 'done' ? null : d.error,
    d.outcome,
    d.kind === 'dead' ? d.reason : null,
  ]);
  await db.transaction(async (tx) => {
    if (rows.length > 0) {
      await tx.query(sql.unsafe`
        WITH decided AS (
          SELECT * FROM ${sql.unnest(rows, ['int8', 'text', 'int4', 'timestamptz', 'text', 'text', 'text'])}
            AS u(id, status, attempts, next_attempt_at, last_error, last_result, dead_reason)
        ), updated AS (
          UPDATE ingest.outbox_delivery d
          SET status = u.status, attempts = u.attempts, next_attempt_at = coalesce(u.next_attempt_at, d.next_attempt_at),
            last_error = u.last_error, last_result = u.last_result,
            done_at = CASE WHEN u.status = 'done' THEN ${at}::timestamptz END, updated_at = ${at}::timestamptz
          FROM decided u
          WHERE d.id = u.id AND d.status = 'pending' AND d.batch_id = ${sql.uuid(batch.id)}
          RETURNING d.id, d.outbox_position
        )
        INSERT INTO ingest.dead_letter (kind, outbox_delivery_id, envelope_id, target, reason, error, created_at)
        SELECT 'delivery', updated.id, o.envelope_id, ${batch.target}, u.dead_reason, u.last_error, ${at}::timestamptz
        FROM updated
        JOIN decided u ON u.id = updated.id
        JOIN ingest.outbox o ON o.position = updated.outbox_position
        WHERE u.status = 'dead'`);
    }
    await tx.query(sql.unsafe`
      UPDATE ingest.delivery_batch
      SET attempts = attempts + 1, last_attempt_at = ${at}::timestamptz, last_http_status = 200, last_error = NULL,
        settled_at = ${at}::timestamptz, outcome = 'answered'
      WHERE id = ${sql.uuid(batch.id)}`);
  });
}
