/**
 * `POST /admin/deliveries/retry` and `vf deliveries retry`: dead or parked deliveries go back to
 * `pending` with a fresh attempt budget, and the target's sender is woken.
 *
 * In place: the row's status becomes `pending`, `attempts` restarts at 0 (the sender's budget of
 * FANOUT_MAX_ATTEMPTS counts it), `batch_id` is cleared so the sender puts it in a new batch, and
 * `last_error` / `last_result` stay until the next answer overwrites them. The attempt history
 * stays where it is kept: the old batch rows (membership, attempts, last status and error) and
 * the dead letters, whose `replayed_at` is stamped.
 *
 * The partial unique index allows one pending row per (outbox row, target): a dead row whose
 * event already has a pending delivery to that target (a replay made one) stays as it is, and of
 * several dead rows of one pair only the newest goes back. Deliveries to targets no longer
 * configured are left alone (no sender would take them). Walked a chunk at a time, one
 * transaction each.
 */
import { sql, type DatabaseTransactionConnection } from 'slonik';
import type { DeliveryRetryResult, RetryableDeliveryStatus } from '../../../generated/openapi/ingest.schemas.ts';
import { AppError } from '../../shared/errors.ts';
import { UniqueViolationError } from '../../shared/pg/databaseErrors.ts';
import { mapPgError } from '../../shared/pg/mapPgError.ts';
import { isDeliveryId } from './domain/deliveryCursor.ts';
import { assertKnownTarget } from './knownTarget.ts';
import type { DeliveriesDeps } from './listDeliveries.ts';
import { queueFanoutJobs } from './queueFanoutJobs.ts';

/** Which deliveries to retry: the contract's DeliveryRetryRequest. */
export interface DeliveryRetryRequest {
  readonly status: RetryableDeliveryStatus;
  readonly target?: string;
  /** Delivery ids (as listed); ids not in `status` (or not to `target`) are left out. */
  readonly ids?: readonly string[];
}

/** Deliveries per transaction. */
const CHUNK = 1_000;
/** A concurrent replay can insert a pending row between our check and our update: try again. */
const MAX_TRIES = 3;

function requestedIds(ids: readonly string[]): string[] {
  const invalid = ids.filter((id) => !isDeliveryId(id));
  if (invalid.length > 0) {
    throw new AppError('INGEST_REQUEST_INVALID', `not delivery ids: ${invalid.slice(0, 5).join(', ')}`, { details: { invalid } });
  }
  return [...new Set(ids)];
}

/** Puts the deliveries of `ids` that qualify back to pending; returns their targets. */
async function retryChunk(tx: DatabaseTransactionConnection, ids: readonly string[], status: RetryableDeliveryStatus, targets: readonly string[]): Promise<string[]> {
  const rows = await tx.any(sql.unsafe`
    WITH locked AS (
      SELECT id, outbox_position, target FROM ingest.outbox_delivery
      WHERE id = ANY(${sql.array(ids, 'int8')}) AND status = ${status} AND target = ANY(${sql.array(targets, 'text')})
      FOR UPDATE
    ), chosen AS (
      SELECT DISTINCT ON (l.outbox_position, l.target) l.id
      FROM locked l
      WHERE NOT EXISTS (
        SELECT 1 FROM ingest.outbox_delivery p WHERE p.outbox_position = l.outbox_position AND p.target = l.target AND p.status = 'pending'
      )
      ORDER BY l.outbox_position, l.target, l.id DESC
    ), retried AS (
      UPDATE ingest.outbox_delivery d
      SET status = 'pending', attempts = 0, next_attempt_at = now(), batch_id = NULL, done_at = NULL, updated_at = now()
      FROM chosen WHERE d.id = chosen.id
      RETURNING d.id, d.target
    ), letters AS (
      UPDATE ingest.dead_letter SET replayed_at = now()
      WHERE outbox_delivery_id IN (SELECT id FROM retried) AND replayed_at IS NULL
    )
    SELECT target FROM retried`);
  const retriedTargets = rows.map((row) => String((row as Readonly<Record<string, unknown>>).target));
  if (retriedTargets.length > 0) await queueFanoutJobs(tx, retriedTargets);
  return retriedTargets;
}

async function nextChunk(deps: DeliveriesDeps, status: RetryableDeliveryStatus, targets: readonly string[], after: string): Promise<string[]> {
  return (await deps.pool.anyFirst(sql.unsafe`
    SELECT id::text FROM ingest.outbox_delivery
    WHERE status = ${status} AND target = ANY(${sql.array(targets, 'text')}) AND id > ${after}::int8
    ORDER BY id LIMIT ${CHUNK}`)).map(String);
}

/**
 * Retries the requested deliveries. Throws `INGEST_TARGET_UNKNOWN` for a target that is not
 * configured, `INGEST_REQUEST_INVALID` for ids that are not delivery ids.
 */
export async function retryDeliveries(deps: DeliveriesDeps, request: DeliveryRetryRequest): Promise<DeliveryRetryResult> {
  if (request.target !== undefined) assertKnownTarget(request.target, deps.targets);
  const targets = request.target === undefined ? deps.targets : [request.target];
  const ids = request.ids === undefined ? undefined : requestedIds(request.ids);
  let retried = 0;
  const runChunk = async (chunk: readonly string[]): Promise<void> => {
    for (let attempt = 1; ; attempt++) {
      try {
        retried += (await deps.pool.transaction((tx) => retryChunk(tx, chunk, request.status, targets))).length;
        return;
      } catch (e: unknown) {
        const error = mapPgError(e);
        if (!(error instanceof UniqueViolationError) || error.constraint !== 'outbox_delivery_one_pending_idx' || attempt >= MAX_TRIES) throw error;
      }
    }
  };
  try {
    if (targets.length === 0) return { retried: 0 };
    if (ids !== undefined) {
      for (let i = 0; i < ids.length; i += CHUNK) await runChunk(ids.slice(i, i + CHUNK));
    } else {
      // Keyset walk: rows that stay (a pending twin exists) are behind the cursor and not seen twice.
      for (let chunk = await nextChunk(deps, request.status, targets, '0'); chunk.length > 0; chunk = await nextChunk(deps, request.status, targets, chunk.at(-1) ?? '0')) {
        await runChunk(chunk);
      }
    }
  } catch (e: unknown) {
    throw mapPgError(e);
  }
  return { retried };
}
