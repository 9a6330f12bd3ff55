/**
 * The sender of one target (DESIGN §6): while work is due, resend the due unsettled batch or cut a
 * new one from the pending deliveries in outbox order, send it and record the answer; then say
 * when to come back.
 *
 * One sender per target at a time: the `fanout` job runs in the target's own named queue
 * (`fanout:<target>`), and every run also holds a session advisory lock keyed by the target on
 * the connection it works on, so a run started by an operator command never sends beside the job.
 * Targets never share a lock or a queue, so one failing target never delays another.
 */
import { sql, type DatabasePoolConnection } from 'slonik';
import type { FanoutTarget } from '../shared/config/fanoutTargets.ts';
import { mapPgError } from '../shared/pg/mapPgError.ts';
import { attemptBatch } from './attemptBatch.ts';
import { nextBatch } from './batches/nextBatch.ts';
import { resolveSenderDeps, type ResolvedSenderDeps, type SenderDeps } from './senderDeps.ts';

/** How a run ended. */
export type SendRunResult =
  /** Another sender holds this target's lock; it does the work. */
  | { kind: 'busy' }
  /** Nothing pending for this target. */
  | { kind: 'idle'; batchesSent: number }
  /** Work remains that is not due before `nextAt` (a batch in back-off, deliveries awaiting a retry). */
  | { kind: 'waiting'; batchesSent: number; nextAt: Date }
  /** The run stopped early (time budget spent, or asked to stop) with work possibly still due. */
  | { kind: 'yielded'; batchesSent: number };

/** Options of {@link sendPending}. */
export interface SendPendingOptions {
  /** Stop between batches once aborted (graphile-worker's shutdown signal). */
  readonly signal?: AbortSignal;
  /**
   * Stop after this long (default 60 s) and report `yielded`, so a busy target's job ends now and
   * then (a graceful shutdown never waits long, and the task re-queues itself at once).
   */
  readonly maxRunMs?: number;
}

/** The advisory lock key of a target's sender (64-bit hash of a namespaced name). */
function lockKey(target: string) {
  return sql.fragment`hashtextextended(${`vf.fanout:${target}`}, 0)`;
}

/** Runs the sender of `target` until nothing is due. Database errors throw (the job is retried). */
export async function sendPending(senderDeps: SenderDeps, target: FanoutTarget, options: SendPendingOptions = {}): Promise<SendRunResult> {
  const deps = resolveSenderDeps(senderDeps);
  try {
    return await deps.pool.connect(async (db) => {
      const locked = await db.oneFirst(sql.unsafe`SELECT pg_try_advisory_lock(${lockKey(target.name)})`);
      if (locked !== true) return { kind: 'busy' };
      try {
        return await sendWhileDue(db, deps, target, options);
      } finally {
        await db.query(sql.unsafe`SELECT pg_advisory_unlock(${lockKey(target.name)})`);
      }
    });
  } catch (e: unknown) {
    throw mapPgError(e);
  }
}

async function sendWhileDue(db: DatabasePoolConnection, deps: ResolvedSenderDeps, target: FanoutTarget, options: SendPendingOptions): Promise<SendRunResult> {
  const started = performance.now();
  const maxRunMs = options.maxRunMs ?? 60_000;
  // A batch is tried at most once per run: with a back-off drawn near zero it would otherwise be
  // hammered in a tight loop; the run ends and the job comes back at its retry time instead.
  const attempted = new Set<string>();
  let batchesSent = 0;
  for (;;) {
    if (options.signal?.aborted === true || performance.now() - started > maxRunMs) return { kind: 'yielded', batchesSent };
    const now = deps.now();
    const next = await nextBatch(db, target.name, now, deps.tuning);
    if (next.kind === 'idle') return { kind: 'idle', batchesSent };
    if (next.kind === 'wait') return { kind: 'waiting', batchesSent, nextAt: next.until };
    const { batch } = next;
    if (attempted.has(batch.id)) return { kind: 'waiting', batchesSent, nextAt: now };
    attempted.add(batch.id);
    if (batch.members.length === 0) {
      // Every member was purged by retention while the batch waited: nothing left to send, and
      // nothing refers to the batch any more.
      await db.query(sql.unsafe`DELETE FROM ingest.delivery_batch WHERE id = ${sql.uuid(batch.id)} AND settled_at IS NULL`);
      continue;
    }
    await attemptBatch(db, deps, target, batch);
    batchesSent += 1;
  }
}
