/**
 * `vf replay --from outbox` (the default): a new pending `ingest.outbox_delivery` row to the target
 * for each outbox row that matches, the old rows keeping their history (DESIGN §6). Receivers
 * dedupe on envelope id, so delivering an event again never double-applies.
 *
 * An event that already has a pending delivery to the target is skipped (the partial unique index
 * allows one pending row per outbox row and target; `ON CONFLICT … DO NOTHING` takes it as the
 * arbiter), so running the same replay twice queues nothing the second time.
 *
 * The outbox is walked in position order a chunk at a time, one transaction per chunk, and each
 * chunk that queued something wakes the target's sender in that transaction: a large replay
 * holds no long transaction and deliveries start while it runs.
 */
import { sql, type DatabaseTransactionConnection, type FragmentSqlToken } from 'slonik';
import { mapPgError } from '../../shared/pg/mapPgError.ts';
import type { DmPool } from '../../shared/pg/pools.ts';
import { assertKnownTarget } from '../deliveries/knownTarget.ts';
import { queueFanoutJobs } from '../deliveries/queueFanoutJobs.ts';
import { checkReplayWindow, type ReplayProgress, type ReplayRequest, type ReplaySummary } from './replayRequest.ts';

/** What a replay needs. */
export interface ReplayDeps {
  readonly pool: DmPool;
  /** The configured fan-out target names. */
  readonly targets: readonly string[];
  /** Outbox rows per transaction (default 1,000). */
  readonly chunkSize?: number;
  readonly onProgress?: ReplayProgress;
}

type Row = Readonly<Record<string, unknown>>;

/** The outbox conditions of a request, on alias `o`. */
function outboxConditions(request: ReplayRequest): FragmentSqlToken[] {
  const conditions = [sql.fragment`TRUE`];
  if (request.since !== undefined) conditions.push(sql.fragment`o.time >= ${sql.timestamp(request.since)}`);
  if (request.until !== undefined) conditions.push(sql.fragment`o.time < ${sql.timestamp(request.until)}`);
  if (request.types !== undefined) conditions.push(sql.fragment`o.type = ANY(${sql.array(request.types, 'text')})`);
  if (request.subject !== undefined) conditions.push(sql.fragment`o.subject = ${request.subject}`);
  return conditions;
}

interface ChunkResult {
  readonly last: string | null;
  readonly matched: number;
  readonly queued: number;
}

async function replayChunk(tx: DatabaseTransactionConnection, request: ReplayRequest, after: string, size: number): Promise<ChunkResult> {
  const where = sql.join([...outboxConditions(request), sql.fragment`o.position > ${after}::int8`], sql.fragment` AND `);
  const chunk = sql.fragment`SELECT o.position FROM ingest.outbox o WHERE ${where} ORDER BY o.position LIMIT ${size}`;
  const row = (await tx.one(
    request.dryRun === true
      ? sql.unsafe`
        WITH chunk AS (${chunk})
        SELECT max(c.position)::text AS last, count(*)::int AS matched,
               count(*) FILTER (WHERE NOT EXISTS (
                 SELECT 1 FROM ingest.outbox_delivery d WHERE d.outbox_position = c.position AND d.target = ${request.target} AND d.status = 'pending'
               ))::int AS queued
        FROM chunk c`
      : sql.unsafe`
        WITH chunk AS (${chunk}), inserted AS (
          INSERT INTO ingest.outbox_delivery (outbox_position, target)
          SELECT position, ${request.target} FROM chunk ORDER BY position
          ON CONFLICT (outbox_position, target) WHERE status = 'pending' DO NOTHING
          RETURNING 1
        )
        SELECT (SELECT max(position)::text FROM chunk) AS last, (SELECT count(*) FROM chunk)::int AS matched,
               (SELECT count(*) FROM inserted)::int AS queued`,
  )) as Row;
  const result = { last: typeof row.last === 'string' ? row.last : null, matched: Number(row.matched), queued: Number(row.queued) };
  if (request.dryRun !== true && result.queued > 0) await queueFanoutJobs(tx, [request.target]);
  return result;
}

/**
 * Replays the matching outbox rows to `request.target`. Throws `INGEST_TARGET_UNKNOWN` for a
 * target that is not configured, `INGEST_REQUEST_INVALID` for an empty window.
 */
export async function replayFromOutbox(deps: ReplayDeps, request: ReplayRequest): Promise<ReplaySummary> {
  assertKnownTarget(request.target, deps.targets);
  checkReplayWindow(request);
  const size = deps.chunkSize ?? 1_000;
  let matched = 0;
  let queued = 0;
  try {
    const total = deps.onProgress === undefined ? null : Number(await deps.pool.oneFirst(sql.unsafe`
      SELECT count(*)::int FROM ingest.outbox o WHERE ${sql.join(outboxConditions(request), sql.fragment` AND `)}`));
    deps.onProgress?.({ done: 0, total });
    for (let after = '0'; ; ) {
      const chunk = await deps.pool.transaction((tx) => replayChunk(tx, request, after, size));
      if (chunk.last === null) break;
      matched += chunk.matched;
      queued += chunk.queued;
      after = chunk.last;
      deps.onProgress?.({ done: matched, total });
      if (chunk.matched < size) break;
    }
  } catch (e: unknown) {
    throw mapPgError(e);
  }
  return { from: 'outbox', target: request.target, dryRun: request.dryRun === true, matched, queued, skippedAlreadyPending: matched - queued, recreated: 0, inQuarantine: 0, notPassing: [] };
}
