/**
 * The PostgreSQL acceptor with group commit. One transaction per request would cap acceptance at
 * the commit (fsync) rate, so concurrent `accept()` calls queue up and a flusher writes everything
 * queued in one transaction; each caller is answered only after that commit. While a batch is in
 * flight new calls gather for the next one: batches grow with load, with no timer adding latency
 * when it is quiet.
 */
import { AppError, coerceError } from '../../shared/errors.ts';
import { silentLogger, type Logger } from '../../shared/logging/createLogger.ts';
import { DatabaseUnavailableError } from '../../shared/pg/databaseErrors.ts';
import type { DmPool } from '../../shared/pg/pools.ts';
import { acceptBatch } from './acceptBatch.ts';
import type { AcceptResult, Acceptor, Delivery } from './delivery.ts';

/** Options of {@link createPgAcceptor}. */
export interface PgAcceptorOptions {
  /** Fan-out target names; empty is the dry run (envelopes, no delivery rows, no fan-out jobs). */
  targets: readonly string[];
  logger?: Logger;
  /** Most deliveries per transaction (default 256). */
  maxBatchSize?: number;
  /**
   * Transactions in flight at once (default 2; each holds a pool connection while it runs). A
   * second flusher lets a batch start while the previous one commits, so request handling and the
   * database overlap instead of taking turns; correctness does not depend on it.
   */
  maxConcurrentFlushes?: number;
  /** The clock dedupe keys expire by (tests move it). */
  now?: () => Date;
}

/** Counters of what the acceptor has committed, for tests and metrics. */
export interface PgAcceptorStats {
  /** Committed batches (transactions that answered their callers). */
  batches: number;
  /** Deliveries answered from committed batches. */
  deliveries: number;
  /** Transactions rolled back and replayed after a lost dedupe race. */
  retries: number;
  /** Batches whose every caller got an error. */
  failedBatches: number;
  /** Batches that failed for another reason than an unreachable database and were tried delivery by delivery. */
  splitBatches: number;
}

/** An acceptor that can be closed: new deliveries are refused, batches in flight finish. */
export interface PgAcceptor extends Acceptor {
  close(): Promise<void>;
  stats(): PgAcceptorStats;
}

interface Waiting {
  readonly delivery: Delivery;
  readonly resolve: (result: AcceptResult) => void;
  readonly reject: (error: Error) => void;
}

/** Creates the group-commit acceptor on vf-pg-dm. */
export function createPgAcceptor(pool: DmPool, options: PgAcceptorOptions): PgAcceptor {
  const maxBatchSize = options.maxBatchSize ?? 256;
  const maxFlushes = options.maxConcurrentFlushes ?? 2;
  const context = { targets: [...options.targets], now: options.now ?? (() => new Date()), logger: options.logger ?? silentLogger() };
  const stats: PgAcceptorStats = { batches: 0, deliveries: 0, retries: 0, failedBatches: 0, splitBatches: 0 };
  let queue: Waiting[] = [];
  let flushing = 0;
  let scheduled = false;
  let closed = false;
  let idle: (() => void)[] = [];

  // Which flusher slots are busy; a batch's slot is its job lane.
  const lanes: boolean[] = Array.from({ length: maxFlushes }, () => false);

  async function flush(batch: readonly Waiting[], lane: number): Promise<void> {
    try {
      const outcome = await acceptBatch(pool, batch.map((w) => w.delivery), { ...context, lane });
      stats.batches += 1;
      stats.deliveries += batch.length;
      stats.retries += outcome.attempts - 1;
      batch.forEach((w, i) => {
        const result = outcome.results[i];
        if (result === undefined) w.reject(new AppError('INGEST_ACCEPT_FAILED', 'the batch returned no answer for a delivery'));
        else w.resolve(result);
      });
    } catch (e: unknown) {
      // acceptBatch already mapped database errors; nothing of this batch was committed.
      const error = coerceError(e);
      if (batch.length > 1 && !(error instanceof DatabaseUnavailableError)) {
        // One delivery PostgreSQL refuses (a value past an index's size limit, say) must not fail
        // the others that happened to share its transaction: each is tried again on its own.
        context.logger.warn({ err: error, deliveries: batch.length }, 'accept batch failed; trying each delivery alone');
        stats.splitBatches += 1;
        for (const w of batch) await flush([w], lane);
        return;
      }
      stats.failedBatches += 1;
      context.logger.warn({ err: error, deliveries: batch.length }, 'accept batch failed');
      for (const w of batch) w.reject(error);
    }
  }

  function startFlushes(): void {
    while (flushing < maxFlushes && queue.length > 0) {
      const batch = queue.slice(0, maxBatchSize);
      queue = queue.slice(batch.length);
      const lane = lanes.indexOf(false);
      lanes[lane] = true;
      flushing += 1;
      void flush(batch, lane).finally(() => {
        lanes[lane] = false;
        flushing -= 1;
        startFlushes();
        if (flushing === 0 && queue.length === 0) {
          for (const done of idle) done();
          idle = [];
        }
      });
    }
  }

  function schedule(): void {
    if (scheduled) return;
    scheduled = true;
    // A microtask, not a timer: calls made in the same tick share the first batch, and a lone
    // call in a quiet period waits for nothing.
    queueMicrotask(() => {
      scheduled = false;
      startFlushes();
    });
  }

  return {
    accept(delivery: Delivery): Promise<AcceptResult> {
      if (closed) return Promise.reject(new AppError('INGEST_ACCEPTOR_CLOSED', 'the acceptor is closed; the delivery was not stored'));
      return new Promise<AcceptResult>((resolve, reject) => {
        queue.push({ delivery, resolve, reject });
        schedule();
      });
    },
    async close(): Promise<void> {
      closed = true;
      if (flushing === 0 && queue.length === 0 && !scheduled) return;
      await new Promise<void>((resolve) => idle.push(resolve));
    },
    stats: () => ({ ...stats }),
  };
}
