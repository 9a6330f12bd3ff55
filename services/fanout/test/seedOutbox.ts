/**
 * Test helpers: outbox rows and their pending deliveries written with SQL as the accept path
 * (services/ingest/accept/outboxWriter.ts) leaves them — fan-out code may not import ingest — with
 * envelopes from the contract's examples under fresh ids, plus readers of the sender's rows.
 */
import { v7 as uuidv7 } from 'uuid';
import type { CloudEventEnvelope } from '../../../generated/asyncapi/types.ts';
import { envelopeExamples } from '../../../generated/asyncapi/examples.ts';
import { withPgClient } from '../../shared/testkit/pgClient.ts';

/** One seeded outbox row. */
export interface SeededEvent {
  readonly position: string;
  readonly envelopeId: string;
  readonly envelope: CloudEventEnvelope;
  /** Delivery id per target. */
  readonly deliveryIds: Readonly<Record<string, string>>;
}

/** Options of {@link seedOutbox}. */
export interface SeedOptions {
  /** How many events (default 1); envelopes cycle through `envelopeExamples`. */
  count?: number;
  /** Change an envelope before it is stored (e.g. to make it bigger). */
  edit?: (envelope: CloudEventEnvelope, index: number) => CloudEventEnvelope;
  /** The deliveries' first due time (default: the database's now()). */
  nextAttemptAt?: Date;
}

/** Writes `count` outbox rows in one transaction, each with a pending delivery per target. */
export async function seedOutbox(url: string, targets: readonly string[], options: SeedOptions = {}): Promise<SeededEvent[]> {
  const count = options.count ?? 1;
  return withPgClient(url, async (client) => {
    await client.query('BEGIN');
    const seeded: SeededEvent[] = [];
    for (let i = 0; i < count; i += 1) {
      const example = envelopeExamples[i % envelopeExamples.length];
      if (example === undefined) throw new Error('no envelope examples');
      const fresh: CloudEventEnvelope = { ...example, id: uuidv7(), vfrawid: uuidv7() };
      const envelope = options.edit?.(fresh, i) ?? fresh;
      const { rows } = await client.query<{ position: string }>(
        'INSERT INTO ingest.outbox (envelope_id, type, subject, time, envelope) VALUES ($1, $2, $3, $4, $5) RETURNING position::text AS position',
        [envelope.id, envelope.type, envelope.subject, envelope.time, JSON.stringify(envelope)],
      );
      const position = rows[0]?.position ?? '';
      const deliveryIds: Record<string, string> = {};
      for (const target of [...targets].sort()) {
        const inserted = await client.query<{ id: string }>(
          'INSERT INTO ingest.outbox_delivery (outbox_position, target, next_attempt_at) VALUES ($1, $2, coalesce($3, now())) RETURNING id::text AS id',
          [position, target, options.nextAttemptAt ?? null],
        );
        deliveryIds[target] = inserted.rows[0]?.id ?? '';
      }
      seeded.push({ position, envelopeId: envelope.id, envelope, deliveryIds });
    }
    await client.query('COMMIT');
    return seeded;
  });
}

/** A delivery row as the sender left it. */
export interface DeliveryRow {
  id: string;
  envelopeId: string;
  status: string;
  attempts: number;
  lastResult: string | null;
  lastError: string | null;
  batchId: string | null;
  nextAttemptAt: Date;
  doneAt: Date | null;
}

/** The deliveries of `target`, in outbox order. */
export async function deliveryRows(url: string, target: string): Promise<DeliveryRow[]> {
  return withPgClient(url, async (client) => {
    const { rows } = await client.query<{ id: string; envelope_id: string; status: string; attempts: number; last_result: string | null; last_error: string | null; batch_id: string | null; next_attempt_at: Date; done_at: Date | null }>(
      `SELECT d.id::text, o.envelope_id::text, d.status, d.attempts, d.last_result, d.last_error, d.batch_id::text, d.next_attempt_at, d.done_at
       FROM ingest.outbox_delivery d JOIN ingest.outbox o ON o.position = d.outbox_position
       WHERE d.target = $1 ORDER BY d.outbox_position, d.id`,
      [target],
    );
    return rows.map((r) => ({ id: r.id, envelopeId: r.envelope_id, status: r.status, attempts: r.attempts, lastResult: r.last_result, lastError: r.last_error, batchId: r.batch_id, nextAttemptAt: r.next_attempt_at, doneAt: r.done_at }));
  });
}

/** A batch row. */
export interface BatchRow {
  id: string;
  deliveryIds: string[];
  byteSize: number;
  attempts: number;
  lastHttpStatus: number | null;
  lastError: string | null;
  nextAttemptAt: Date;
  settled: boolean;
  outcome: string | null;
}

/** The batches of `target`, oldest first. */
export async function batchRows(url: string, target: string): Promise<BatchRow[]> {
  return withPgClient(url, async (client) => {
    const { rows } = await client.query<{ id: string; delivery_ids: string[]; byte_size: number; attempts: number; last_http_status: number | null; last_error: string | null; next_attempt_at: Date; settled: boolean; outcome: string | null }>(
      `SELECT id::text, delivery_ids::text[] AS delivery_ids, byte_size, attempts, last_http_status, last_error, next_attempt_at, settled_at IS NOT NULL AS settled, outcome
       FROM ingest.delivery_batch WHERE target = $1 ORDER BY id`,
      [target],
    );
    return rows.map((r) => ({ id: r.id, deliveryIds: r.delivery_ids, byteSize: r.byte_size, attempts: r.attempts, lastHttpStatus: r.last_http_status, lastError: r.last_error, nextAttemptAt: r.next_attempt_at, settled: r.settled, outcome: r.outcome }));
  });
}

/** The dead letters, oldest first. */
export async function deadLetterRows(url: string): Promise<{ kind: string; outboxDeliveryId: string | null; envelopeId: string | null; target: string | null; reason: string; error: string | null; payload: unknown }[]> {
  return withPgClient(url, async (client) => {
    const { rows } = await client.query<{ kind: string; outbox_delivery_id: string | null; envelope_id: string | null; target: string | null; reason: string; error: string | null; payload: unknown }>(
      'SELECT kind, outbox_delivery_id::text, envelope_id::text, target, reason, error, payload FROM ingest.dead_letter ORDER BY id',
    );
    return rows.map((r) => ({ kind: r.kind, outboxDeliveryId: r.outbox_delivery_id, envelopeId: r.envelope_id, target: r.target, reason: r.reason, error: r.error, payload: r.payload }));
  });
}

/** `url` with a startup option that makes every connection act as `role` (e.g. vf_ingest). */
export function urlAsRole(url: string, role: string): string {
  const u = new URL(url);
  u.searchParams.set('options', `-c role=${role}`);
  return u.href;
}
