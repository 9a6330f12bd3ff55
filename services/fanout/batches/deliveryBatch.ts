/**
 * A stored batch (`ingest.delivery_batch`) with its members in stored order, and the body they
 * render to. The body is the members' envelopes as PostgreSQL renders the jsonb (`envelope::text`,
 * deterministic for a stored value), joined into a JSON array: a retry of the same membership sends
 * the same bytes, and the byte size the batch was cut by is the size sent.
 */
import { sql, type CommonQueryMethods } from 'slonik';

/** One delivery of a batch. */
export interface BatchMember {
  /** `ingest.outbox_delivery.id` (bigint, as text). */
  readonly deliveryId: string;
  readonly envelopeId: string;
  /** Answers spent on this delivery before this attempt. */
  readonly attempts: number;
  /** The envelope as JSON text. */
  readonly envelopeJson: string;
}

/** An unsettled batch ready to send. */
export interface DeliveryBatch {
  readonly id: string;
  readonly target: string;
  /** HTTP attempts already made. */
  readonly attempts: number;
  readonly members: readonly BatchMember[];
}

/** The request body of a batch: a JSON array of its envelopes, in stored order. */
export function renderBatchBody(members: readonly BatchMember[]): string {
  return `[${members.map((m) => m.envelopeJson).join(',')}]`;
}

/**
 * Loads a batch's members in the order stored in `delivery_ids`. Members whose rows are gone
 * (retention purged the outbox row) drop out; the receiver dedupes on envelope id, so the rest
 * are still safe to resend under the same `webhook-id`.
 */
export async function loadBatchMembers(db: CommonQueryMethods, batchId: string): Promise<BatchMember[]> {
  const rows = await db.any(sql.unsafe`
    SELECT d.id::text AS delivery_id, o.envelope_id::text AS envelope_id, d.attempts, o.envelope::text AS envelope_json
    FROM ingest.delivery_batch b
    CROSS JOIN LATERAL unnest(b.delivery_ids) WITH ORDINALITY AS m(delivery_id, ord)
    JOIN ingest.outbox_delivery d ON d.id = m.delivery_id
    JOIN ingest.outbox o ON o.position = d.outbox_position
    WHERE b.id = ${sql.uuid(batchId)}
    ORDER BY m.ord`);
  return rows.map(toMember);
}

/** Narrows a row of `delivery_id, envelope_id, attempts, envelope_json`. */
export function toMember(row: unknown): BatchMember {
  const r = row as Readonly<Record<string, unknown>>;
  return { deliveryId: String(r['delivery_id']), envelopeId: String(r['envelope_id']), attempts: Number(r['attempts']), envelopeJson: String(r['envelope_json']) };
}
