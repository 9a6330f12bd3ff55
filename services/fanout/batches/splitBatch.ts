/**
 * A 413 answer (DESIGN §6: split the batch): the members go, in order, into two new batches (new
 * ids, so new `webhook-id`s: their bodies differ from the refused one) that are due at once, and
 * the refused batch is settled as `split`. A batch of one event cannot be split: that delivery is
 * dead-lettered (`too_large`; replayable once the target takes bigger bodies) rather than block
 * the target forever.
 */
import { sql, type DatabasePoolConnection } from 'slonik';
import { v7 as uuidv7 } from 'uuid';
import { renderBatchBody, type DeliveryBatch } from './deliveryBatch.ts';

/** What the split did. */
export type SplitResult = { kind: 'split'; batchIds: readonly [string, string] } | { kind: 'too_large'; deliveryId: string };

/** Splits or dead-letters, in one transaction. `error` is the 413 answer, for the record. */
export async function splitBatch(db: DatabasePoolConnection, batch: DeliveryBatch, now: Date, error: string): Promise<SplitResult> {
  const at = sql.timestamp(now);
  const only = batch.members.length === 1 ? batch.members[0] : undefined;
  return db.transaction(async (tx) => {
    const settle = async (outcome: 'split' | 'too_large') =>
      tx.query(sql.unsafe`
        UPDATE ingest.delivery_batch
        SET attempts = attempts + 1, last_attempt_at = ${at}, last_http_status = 413, last_error = ${error}, settled_at = ${at}, outcome = ${outcome}
        WHERE id = ${sql.uuid(batch.id)}`);
    if (only !== undefined) {
      await tx.query(sql.unsafe`
        WITH dead AS (
          UPDATE ingest.outbox_delivery
          SET status = 'dead', attempts = attempts + 1, last_error = ${error}, last_result = 'too_large', updated_at = ${at}
          WHERE id = ${only.deliveryId}::int8 AND status = 'pending' AND batch_id = ${sql.uuid(batch.id)}
          RETURNING id
        )
        INSERT INTO ingest.dead_letter (kind, outbox_delivery_id, envelope_id, target, reason, error, created_at)
        SELECT 'delivery', dead.id, ${sql.uuid(only.envelopeId)}, ${batch.target}, 'too_large', ${error}, ${at} FROM dead`);
      await settle('too_large');
      return { kind: 'too_large', deliveryId: only.deliveryId };
    }
    const half = Math.ceil(batch.members.length / 2);
    const parts = [batch.members.slice(0, half), batch.members.slice(half)];
    // uuidv7 ids increase in creation order, and the sender resends open batches in id order, so
    // the first half goes first.
    const ids = [uuidv7(), uuidv7()] as const;
    for (const [i, members] of parts.entries()) {
      const id = ids[i === 0 ? 0 : 1];
      const deliveryIds = members.map((m) => m.deliveryId);
      await tx.query(sql.unsafe`
        INSERT INTO ingest.delivery_batch (id, target, delivery_ids, byte_size, next_attempt_at)
        VALUES (${sql.uuid(id)}, ${batch.target}, ${sql.array(deliveryIds, 'int8')}, ${Buffer.byteLength(renderBatchBody(members))}, ${at})`);
      await tx.query(sql.unsafe`
        UPDATE ingest.outbox_delivery SET batch_id = ${sql.uuid(id)}, updated_at = ${at}
        WHERE id = ANY(${sql.array(deliveryIds, 'int8')}) AND status = 'pending'`);
    }
    await settle('split');
    return { kind: 'split', batchIds: ids };
  });
}
