/**
 * `POST /admin/quarantine/replay` and `vf quarantine replay`: re-runs quarantined deliveries
 * through today's contracts and releases what now passes, once (see replayChunk.ts). Named ids
 * are replayed as given; without ids, every entry still quarantined (of one reason or provider,
 * if asked), walked in quarantine order a chunk at a time so a large backlog never holds one
 * long transaction.
 */
import { sql } from 'slonik';
import type { QuarantineReplayOutcome, QuarantineReplayResult } from '../../../generated/openapi/ingest.schemas.ts';
import { AppError } from '../../shared/errors.ts';
import { mapPgError } from '../../shared/pg/mapPgError.ts';
import type { DmPool } from '../../shared/pg/pools.ts';
import type { QuarantineReasonCode } from './domain/quarantineEntry.ts';
import { replayChunk, type ReplayFilter } from './replayChunk.ts';

/** What a replay needs. */
export interface ReplayQuarantineDeps {
  readonly pool: DmPool;
  /** Fan-out target names (each released envelope gets a delivery row per target); empty: dry run. */
  readonly targets: readonly string[];
  /** The clock `released_at` is stamped with. */
  readonly now?: () => Date;
}

/** Which entries to replay: the contract's QuarantineReplayRequest. */
export interface ReplayQuarantineRequest {
  /** Raw event ids; named ids that exist but do not match `reason`/`provider` are left out. */
  readonly ids?: readonly string[];
  readonly reason?: QuarantineReasonCode;
  readonly provider?: 'kick' | 'sumsub';
}

/** Entries per transaction: small enough to keep locks short, large enough to amortise commits. */
const CHUNK = 50;

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function requestedIds(ids: readonly string[]): string[] {
  const normalised = [...new Set(ids.map((id) => id.toLowerCase()))];
  const invalid = normalised.filter((id) => !uuidPattern.test(id));
  if (invalid.length > 0) {
    throw new AppError('INGEST_REQUEST_INVALID', `not raw event ids (UUIDs): ${invalid.slice(0, 5).join(', ')}`, { details: { invalid } });
  }
  return normalised;
}

/** The next chunk of raw ids still quarantined after quarantine id `after`. */
async function nextPending(pool: DmPool, filter: ReplayFilter, after: string): Promise<{ lastId: string; rawIds: string[] } | null> {
  const conditions = [sql.fragment`q.released_at IS NULL`, sql.fragment`q.id > ${after}::int8`, sql.fragment`i.source IN ('kick', 'sumsub')`];
  if (filter.reason !== undefined) conditions.push(sql.fragment`q.reason = ${filter.reason}`);
  if (filter.provider !== undefined) conditions.push(sql.fragment`i.source = ${filter.provider}`);
  const rows = (await pool.any(sql.unsafe`
    SELECT q.id::text AS id, i.raw_event_id::text AS raw_event_id
    FROM ingest.quarantine q JOIN ingest.inbox i ON i.id = q.inbox_id
    WHERE ${sql.join(conditions, sql.fragment` AND `)}
    ORDER BY q.id LIMIT ${CHUNK}`)) as readonly Readonly<Record<string, unknown>>[];
  const last = rows.at(-1);
  return last === undefined ? null : { lastId: String(last.id), rawIds: rows.map((r) => String(r.raw_event_id)) };
}

/** Replays the requested entries and returns the outcome of each one considered. */
export async function replayQuarantine(deps: ReplayQuarantineDeps, request: ReplayQuarantineRequest): Promise<QuarantineReplayResult> {
  const filter: ReplayFilter = { ...(request.reason === undefined ? {} : { reason: request.reason }), ...(request.provider === undefined ? {} : { provider: request.provider }) };
  const now = deps.now ?? (() => new Date());
  const runChunk = (rawIds: readonly string[]): Promise<QuarantineReplayOutcome[]> =>
    deps.pool.transaction((tx) => replayChunk(tx, rawIds, filter, { targets: deps.targets, now: now() }));
  const results: QuarantineReplayOutcome[] = [];
  try {
    if (request.ids !== undefined) {
      const ids = requestedIds(request.ids);
      for (let i = 0; i < ids.length; i += CHUNK) results.push(...(await runChunk(ids.slice(i, i + CHUNK))));
    } else {
      // Keyset walk: entries that stay quarantined are behind the cursor and not seen twice.
      for (let page = await nextPending(deps.pool, filter, '0'); page !== null; page = await nextPending(deps.pool, filter, page.lastId)) {
        results.push(...(await runChunk(page.rawIds)));
      }
    }
  } catch (e: unknown) {
    throw mapPgError(e);
  }
  return {
    released: results.filter((r) => r.outcome === 'released').length,
    stillQuarantined: results.filter((r) => r.outcome === 'still_quarantined').length,
    results,
  };
}
