/**
 * One batch of deliveries in one PostgreSQL transaction: look up stored originals, plan the
 * dedupe, write the new inbox rows, their outbox envelopes and the jobs. The answers exist only
 * once the transaction has committed; a lost dedupe race rolls everything back and replays the
 * batch, which then sees the winner's rows and answers `duplicate`.
 */
import type { DatabaseTransactionConnection } from 'slonik';
import { v7 as uuidv7 } from 'uuid';
import { AppError } from '../../shared/errors.ts';
import type { Logger } from '../../shared/logging/createLogger.ts';
import { DatabaseError } from '../../shared/pg/databaseErrors.ts';
import { mapPgError } from '../../shared/pg/mapPgError.ts';
import type { DmPool } from '../../shared/pg/pools.ts';
import type { AcceptResult, Delivery } from './delivery.ts';
import { findOriginals } from './findOriginals.ts';
import { writeAcceptedEntries, type AcceptedEntry } from './outboxWriter.ts';
import { planBatch, resultsOf, type Slot } from './planBatch.ts';
import { DedupeRaceLostError, writeInboxRows } from './writeInboxRows.ts';

/** What a batch needs besides its deliveries. */
export interface BatchContext {
  readonly targets: readonly string[];
  readonly now: () => Date;
  readonly logger: Logger;
  /** Transactions to try when concurrent batches race for the same keys (default 5). */
  readonly maxAttempts?: number;
  /** The flusher slot running this batch: its jobs are debounced in their own lane (see outboxWriter). */
  readonly lane?: number;
}

/** The committed answers, in delivery order, and how many transactions it took. */
export interface BatchOutcome {
  readonly results: AcceptResult[];
  readonly attempts: number;
}

/**
 * Stores `deliveries` in one transaction and returns one answer per delivery. Throws the mapped
 * database error (`DatabaseUnavailableError` when PostgreSQL cannot be reached) when nothing was
 * committed; `INGEST_DEDUPE_CONTENDED` if every attempt lost a race.
 */
export async function acceptBatch(pool: DmPool, deliveries: readonly Delivery[], context: BatchContext): Promise<BatchOutcome> {
  const maxAttempts = context.maxAttempts ?? 5;
  for (let attempt = 1; ; attempt++) {
    try {
      const results = await pool.transaction((tx) => storeBatch(tx, deliveries, context));
      return { results, attempts: attempt };
    } catch (e: unknown) {
      const error = mapPgError(e);
      if (!isRetryable(error)) throw error;
      if (attempt >= maxAttempts) {
        throw new AppError('INGEST_DEDUPE_CONTENDED', `a batch lost to concurrent transactions ${String(attempt)} times`, { cause: error });
      }
      context.logger.debug({ attempt, err: error }, 'batch lost to a concurrent transaction, retrying');
    }
  }
}

/** A lost dedupe race, or a deadlock / serialization failure (SQLSTATE class 40) between concurrent batches. */
function isRetryable(error: Error): boolean {
  return error instanceof DedupeRaceLostError || (error instanceof DatabaseError && error.sqlState?.startsWith('40') === true);
}

async function storeBatch(tx: DatabaseTransactionConnection, deliveries: readonly Delivery[], context: BatchContext): Promise<AcceptResult[]> {
  const now = context.now();
  const originals = await findOriginals(tx, deliveries, now);
  const slots = planBatch(deliveries, originals, now, () => uuidv7());
  const fresh = slots.filter((s): s is Extract<Slot, { kind: 'new' }> => s.kind === 'new');
  if (fresh.length > 0) {
    const inboxIds = await writeInboxRows(tx, fresh, now);
    const accepted: AcceptedEntry[] = [];
    for (const { delivery, rawEventId, envelopeId } of fresh) {
      const inboxId = inboxIds.get(rawEventId);
      if (delivery.kind !== 'valid' || envelopeId === null || inboxId === undefined) continue;
      accepted.push({ inboxId, rawEventId, envelopeId, delivery });
    }
    // Jobs come last in there: their rows are shared by every batch, so their locks are held only until the commit.
    await writeAcceptedEntries(tx, accepted, context.targets, { queueRawSink: true, lane: context.lane ?? 0 });
  }
  return resultsOf(slots);
}
