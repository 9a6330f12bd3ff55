/**
 * Outbox rows for the replay, delivery and retention tests, written by the real acceptor from the
 * contract's examples (with the time, subject or type a test needs), plus readers of what the
 * fan-out side sees: delivery rows and queued `fanout` jobs.
 */
import { sql } from 'slonik';
import type { EventType } from '../../../../generated/asyncapi/catalogue.ts';
import type { DmPool } from '../../../shared/pg/pools.ts';
import { withPgClient } from '../../../shared/testkit/pgClient.ts';
import type { ValidDelivery } from '../../accept/delivery.ts';
import { createPgAcceptor } from '../../accept/pgAcceptor.ts';
import { kickDelivery } from '../../accept/test/deliveries.ts';

/** One event to accept. */
export interface SeedEvent {
  readonly nonce: string;
  readonly type?: EventType;
  /** The envelope `time` (default: the example's). */
  readonly time?: Date;
  readonly subject?: string;
}

/** What an accepted seed became. */
export interface SeededEvent {
  readonly envelopeId: string;
  readonly rawEventId: string;
  /** Outbox position, as text. */
  readonly position: string;
}

/** The delivery a seed describes (a Kick webhook built from the type's example). */
export function seedDelivery(seed: SeedEvent): ValidDelivery {
  const delivery = kickDelivery(seed.type ?? 'kick.chat.message.sent.v1', { nonce: seed.nonce });
  return {
    ...delivery,
    // The time travels in Kick's header too, so re-validating the stored request gives it back.
    ...(seed.time === undefined ? {} : { providerTime: seed.time, headers: { ...delivery.headers, 'kick-event-message-timestamp': seed.time.toISOString() } }),
    // Not derived from the payload: only for tests that never re-validate the request.
    ...(seed.subject === undefined ? {} : { subject: seed.subject }),
  };
}

/** Accepts the seeds one after the other (outbox order = seed order) with delivery rows for `targets`. */
export async function seedOutbox(pool: DmPool, targets: readonly string[], seeds: readonly SeedEvent[]): Promise<SeededEvent[]> {
  const acceptor = createPgAcceptor(pool, { targets });
  const accepted: { envelopeId: string; rawEventId: string }[] = [];
  try {
    for (const seed of seeds) {
      const result = await acceptor.accept(seedDelivery(seed));
      if (result.kind !== 'accepted') throw new Error(`seed ${seed.nonce} was ${result.kind}, not accepted`);
      accepted.push({ envelopeId: result.envelopeId, rawEventId: result.rawEventId });
    }
  } finally {
    await acceptor.close();
  }
  const rows = await pool.any(sql.unsafe`
    SELECT envelope_id::text AS envelope_id, position::text AS position FROM ingest.outbox
    WHERE envelope_id = ANY(${sql.array(accepted.map((a) => a.envelopeId), 'uuid')})`);
  const positions = new Map((rows as readonly Readonly<Record<string, unknown>>[]).map((r) => [String(r.envelope_id), String(r.position)]));
  return accepted.map((a) => ({ ...a, position: positions.get(a.envelopeId) ?? '' }));
}

/** A delivery row as tests look at it. */
export interface DeliveryRow {
  id: string;
  position: string;
  target: string;
  status: string;
  attempts: number;
}

/** Every delivery row, in id order (superuser connection). */
export async function deliveryRows(url: string): Promise<DeliveryRow[]> {
  return withPgClient(url, async (c) =>
    (
      await c.query<DeliveryRow>(
        'SELECT d.id::text, d.outbox_position::text AS position, d.target, d.status, d.attempts FROM ingest.outbox_delivery d ORDER BY d.id',
      )
    ).rows,
  );
}

/** Sets the status (and attempts) of delivery rows, as the sender would. */
export async function settle(url: string, ids: readonly string[], status: 'done' | 'dead' | 'parked', attempts = 3): Promise<void> {
  await withPgClient(url, (c) =>
    c.query(`UPDATE ingest.outbox_delivery SET status = $2, attempts = $3, last_error = 'test: ' || $2, done_at = now() WHERE id = ANY($1::int8[])`, [ids, status, attempts]),
  );
}

/** The queued `fanout` jobs: job key and payload target. */
export async function fanoutJobs(url: string): Promise<{ key: string; queue: string; target: string }[]> {
  return withPgClient(url, async (c) =>
    (
      await c.query<{ key: string; queue: string; target: string }>(
        `SELECT j.key, q.queue_name AS queue, j.payload->>'target' AS target
         FROM graphile_worker._private_jobs j
         JOIN graphile_worker._private_tasks t ON t.id = j.task_id
         LEFT JOIN graphile_worker._private_job_queues q ON q.id = j.job_queue_id
         WHERE t.identifier = 'fanout' ORDER BY j.key`,
      )
    ).rows,
  );
}

/** Removes every queued job, so a test sees only what it caused. */
export async function clearJobs(url: string): Promise<void> {
  await withPgClient(url, (c) => c.query('DELETE FROM graphile_worker._private_jobs'));
}

/** Empties the ingest tables and the job queue, so each test starts from nothing. */
export async function resetIngest(url: string): Promise<void> {
  await withPgClient(url, async (c) => {
    await c.query('TRUNCATE ingest.outbox, ingest.outbox_delivery, ingest.delivery_batch, ingest.dead_letter, ingest.quarantine, ingest.inbox, ingest.dedupe_key');
    await c.query('DELETE FROM graphile_worker._private_jobs');
  });
}
