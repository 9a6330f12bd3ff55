/**
 * Writes a batch-level failure (transport error, timeout, 5xx, 429, 401/403, other 4xx, an answer
 * that is not the contract's): the batch stays unsettled with its next retry time, and its pending
 * deliveries show why they wait. Their `attempts` do not move: only the target's answers about an
 * event count towards FANOUT_MAX_ATTEMPTS, so an outage or a secret mismatch dead-letters nothing.
 */
import { sql, type DatabasePoolConnection } from 'slonik';
import type { DeliveryBatch } from './deliveryBatch.ts';

/** One failed attempt. */
export interface BatchFailure {
  readonly httpStatus: number | null;
  readonly error: string;
  readonly attemptedAt: Date;
  readonly nextAttemptAt: Date;
}

/** Records the attempt on the batch and the error on its pending deliveries, in one transaction. */
export async function recordBatchRetry(db: DatabasePoolConnection, batch: DeliveryBatch, failure: BatchFailure): Promise<void> {
  const at = sql.timestamp(failure.attemptedAt);
  await db.transaction(async (tx) => {
    await tx.query(sql.unsafe`
      UPDATE ingest.delivery_batch
      SET attempts = attempts + 1, last_attempt_at = ${at}, last_http_status = ${failure.httpStatus},
        last_error = ${failure.error}, next_attempt_at = ${sql.timestamp(failure.nextAttemptAt)}
      WHERE id = ${sql.uuid(batch.id)}`);
    await tx.query(sql.unsafe`
      UPDATE ingest.outbox_delivery
      SET last_error = ${`batch attempt ${String(batch.attempts + 1)}: ${failure.error}`}, updated_at = ${at}
      WHERE batch_id = ${sql.uuid(batch.id)} AND status = 'pending'`);
  });
}
