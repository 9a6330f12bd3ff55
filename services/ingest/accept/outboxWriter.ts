/**
 * The transactional outbox writer: envelopes, one delivery row per fan-out target, dm upkeep and
 * the debounced jobs, all on the caller's transaction (the acceptor's, or `vf quarantine replay`'s),
 * with a fixed number of statements whatever the number of entries.
 */
import { sql, type DatabaseTransactionConnection } from 'slonik';
import { applyDmUpkeep } from '../dm/applyDmUpkeep.ts';
import { buildEnvelope } from './buildEnvelope.ts';
import type { ValidDelivery } from './delivery.ts';

/** An accepted delivery whose inbox row exists (in this transaction) and whose ids are chosen. */
export interface AcceptedEntry {
  /** `ingest.inbox.id` (bigint, as text). */
  readonly inboxId: string;
  readonly rawEventId: string;
  readonly envelopeId: string;
  readonly delivery: ValidDelivery;
}

/** Options of {@link writeAcceptedEntries}. */
export interface WriteAcceptedOptions {
  /** Also queue the raw sink job (the caller added inbox rows), in the same statement as the fan-out jobs. */
  readonly queueRawSink?: boolean;
}

/**
 * Writes the outbox rows of `entries` (in their order: outbox positions follow it), a pending
 * `ingest.outbox_delivery` row per target per envelope, the dm upkeep of the events, and one
 * debounced fan-out job per target. Empty `targets` is the dry run: envelopes only.
 * Throws `INGEST_ENVELOPE_INVALID` (a bug) before writing anything if an envelope fails the contract.
 */
export async function writeAcceptedEntries(
  tx: DatabaseTransactionConnection,
  entries: readonly AcceptedEntry[],
  targets: readonly string[],
  options: WriteAcceptedOptions = {},
): Promise<void> {
  if (entries.length === 0) {
    if (options.queueRawSink === true) await queueRawSink(tx);
    return;
  }
  const rows = entries.map((e) => {
    const envelope = buildEnvelope(e.delivery, e);
    return [e.envelopeId, envelope.type, envelope.subject, envelope.time, JSON.stringify(envelope), e.inboxId];
  });
  const targetNames = [...new Set(targets)].sort();
  // One statement: the outbox rows and, joined to their new positions, the delivery rows.
  await tx.query(sql.unsafe`
    WITH envelopes AS (
      SELECT * FROM ${sql.unnest(rows, ['uuid', 'text', 'text', 'timestamptz', 'jsonb', 'int8'])}
        WITH ORDINALITY AS e(envelope_id, type, subject, time, envelope, inbox_id, ord)
    ), inserted AS (
      INSERT INTO ingest.outbox (envelope_id, type, subject, time, envelope, inbox_id)
      SELECT envelope_id, type, subject, time, envelope, inbox_id FROM envelopes ORDER BY ord
      RETURNING position
    )
    INSERT INTO ingest.outbox_delivery (outbox_position, target)
    SELECT inserted.position, t.target
    FROM inserted CROSS JOIN unnest(${sql.array(targetNames, 'text')}) AS t(target)
    ORDER BY inserted.position, t.target`);
  await applyDmUpkeep(
    tx,
    entries.map((e) => ({ eventType: e.delivery.eventType, data: e.delivery.data, time: e.delivery.providerTime, envelopeId: e.envelopeId })),
  );
  await queueJobs(tx, targetNames, options.queueRawSink === true);
}

/**
 * One debounced fan-out job per target (job key `fanout:<target>`, its own named queue so each
 * target has one sender at a time), plus the raw sink job when asked, in one statement.
 * `preserve_run_at` keeps a pending job's run time, so a busy stream of batches does not keep
 * pushing the work into the future. Jobs are queued in one order (targets sorted, raw sink last)
 * so concurrent transactions take the job rows' locks in the same order.
 */
async function queueJobs(tx: DatabaseTransactionConnection, sortedTargets: readonly string[], rawSink: boolean): Promise<void> {
  if (sortedTargets.length === 0) {
    if (rawSink) await queueRawSink(tx);
    return;
  }
  await tx.query(sql.unsafe`
    SELECT (graphile_worker.add_job(
      j.identifier,
      j.payload,
      queue_name => j.queue_name,
      run_at => j.run_at,
      job_key => j.queue_name,
      job_key_mode => 'preserve_run_at'
    )).id
    FROM (
      SELECT 'fanout' AS identifier, json_build_object('target', t.name) AS payload, 'fanout:' || t.name AS queue_name, now() AS run_at, t.ord
      FROM unnest(${sql.array(sortedTargets, 'text')}) WITH ORDINALITY AS t(name, ord)
      UNION ALL
      SELECT 'raw_sink', '{}'::json, 'raw_sink', now() + interval '1 second', 2147483647 WHERE ${rawSink}
    ) AS j
    ORDER BY j.ord`);
}

/**
 * Queues the debounced raw sink job (inbox → ClickHouse) a second from the first unsunk row, so
 * one job run takes many batches' rows. Call it in every transaction that adds inbox rows.
 */
export async function queueRawSink(tx: DatabaseTransactionConnection): Promise<void> {
  await tx.query(sql.unsafe`
    SELECT (graphile_worker.add_job(
      'raw_sink',
      '{}'::json,
      queue_name => 'raw_sink',
      run_at => now() + interval '1 second',
      job_key => 'raw_sink',
      job_key_mode => 'preserve_run_at'
    )).id`);
}
