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
  /**
   * The caller's lane (the acceptor's flusher slot, default 0). Each lane debounces its own job
   * rows (job key suffixed `#<lane>` beyond lane 0) in the same named queues, so concurrent
   * batches never wait on one another's job-row locks, and the jobs of one queue still run one
   * at a time.
   */
  readonly lane?: number;
}

/** The job key of a debounced job in `lane`: the queue name itself for lane 0. */
export function laneJobKey(queueName: string, lane: number): string {
  return lane === 0 ? queueName : `${queueName}#${String(lane)}`;
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
  const lane = options.lane ?? 0;
  if (entries.length === 0) {
    if (options.queueRawSink === true) await queueRawSink(tx, lane);
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
  await queueJobs(tx, targetNames, options.queueRawSink === true, lane);
}

/**
 * One debounced fan-out job per target (job key `fanout:<target>`, its own named queue so each
 * target has one sender at a time), plus the raw sink job when asked, in one statement.
 * `preserve_run_at` keeps a pending job's run time, so a busy stream of batches does not keep
 * pushing the work into the future. Jobs are queued in one order (targets sorted, raw sink last)
 * so concurrent transactions take the job rows' locks in the same order.
 */
async function queueJobs(tx: DatabaseTransactionConnection, sortedTargets: readonly string[], rawSink: boolean, lane: number): Promise<void> {
  if (sortedTargets.length === 0) {
    if (rawSink) await queueRawSink(tx, lane);
    return;
  }
  const suffix = lane === 0 ? '' : `#${String(lane)}`;
  // One add_jobs call for all of them: graphile's job functions cost about a millisecond a call,
  // which a batch would otherwise pay once per target.
  await tx.query(sql.unsafe`
    SELECT count(*) FROM graphile_worker.add_jobs(
      ARRAY(
        SELECT ROW(j.identifier, j.payload, j.queue_name, j.run_at, NULL, j.queue_name || ${suffix}, NULL, NULL)::graphile_worker.job_spec
        FROM (
          SELECT 'fanout' AS identifier, json_build_object('target', t.name) AS payload, 'fanout:' || t.name AS queue_name, now() AS run_at, t.ord
          FROM unnest(${sql.array(sortedTargets, 'text')}) WITH ORDINALITY AS t(name, ord)
          UNION ALL
          SELECT 'raw_sink', '{}'::json, 'raw_sink', now() + interval '1 second', 2147483647 WHERE ${rawSink}
        ) AS j
        ORDER BY j.ord
      ),
      job_key_preserve_run_at => true
    )`);
}

/**
 * Queues the debounced raw sink job (inbox → ClickHouse) a second from the first unsunk row, so
 * one job run takes many batches' rows. Call it in every transaction that adds inbox rows.
 */
export async function queueRawSink(tx: DatabaseTransactionConnection, lane = 0): Promise<void> {
  await tx.query(sql.unsafe`
    SELECT (graphile_worker.add_job(
      'raw_sink',
      '{}'::json,
      queue_name => 'raw_sink',
      run_at => now() + interval '1 second',
      job_key => ${laneJobKey('raw_sink', lane)},
      job_key_mode => 'preserve_run_at'
    )).id`);
}
