/**
 * `vf replay --from raw`: reads `vf.raw_events` (accepted and quarantined deliveries whose bodies
 * are still within RAW_BODY_TTL_DAYS) in the window, re-validates each through today's contracts
 * and delivers again what passes, re-creating outbox rows that retention purged with their
 * original envelope id (replayRawChunk.ts). What does not pass is reported, never delivered.
 *
 * Walked a ClickHouse page at a time (keyset on provider_time, raw_id), one PostgreSQL transaction
 * per page.
 */
import { mapPgError } from '../../shared/pg/mapPgError.ts';
import { assertKnownTarget } from '../deliveries/knownTarget.ts';
import { revalidateRawEvent } from './domain/rawEvent.ts';
import { countRawEvents, readRawEvents, type RawEventCursor } from './readRawEvents.ts';
import type { RawEventReader } from './rawEventReader.ts';
import { replayRawChunk, type PassingEvent } from './replayRawChunk.ts';
import type { ReplayDeps } from './replayFromOutbox.ts';
import { checkReplayWindow, type NotPassing, type ReplayRequest, type ReplaySummary } from './replayRequest.ts';

/** What a replay from raw events needs besides the outbox's. */
export interface ReplayFromRawDeps extends ReplayDeps {
  readonly reader: RawEventReader;
}

/**
 * Replays the matching raw events to `request.target`. Throws `INGEST_TARGET_UNKNOWN` for a
 * target that is not configured, `INGEST_REQUEST_INVALID` for an empty window, and the reader's
 * errors when ClickHouse cannot be read.
 */
export async function replayFromRaw(deps: ReplayFromRawDeps, request: ReplayRequest): Promise<ReplaySummary> {
  assertKnownTarget(request.target, deps.targets);
  checkReplayWindow(request);
  // Raw events carry their bodies: smaller pages than the outbox's keep each answer modest.
  const size = deps.chunkSize ?? 500;
  const totals = { matched: 0, queued: 0, skippedAlreadyPending: 0, recreated: 0, inQuarantine: 0 };
  const notPassing: NotPassing[] = [];
  const total = deps.onProgress === undefined ? null : await countRawEvents(deps.reader, request);
  deps.onProgress?.({ done: 0, total });
  let done = 0;
  for (let after: RawEventCursor | null = null; ; ) {
    const page = await readRawEvents(deps.reader, request, after, size);
    const last = page.at(-1);
    if (last === undefined) break;
    after = { providerTime: last.providerTime, rawId: last.rawId };
    const passing: PassingEvent[] = [];
    for (const raw of page) {
      const verdict = revalidateRawEvent(raw);
      if (verdict.kind === 'valid') {
        const { delivery } = verdict;
        if (request.types !== undefined && !request.types.includes(delivery.eventType)) continue;
        if (request.subject !== undefined && delivery.subject !== request.subject) continue;
        passing.push({ raw, delivery });
      } else {
        // A quarantined row kept by the SQL subject filter only because it has no subject yet.
        if (request.subject !== undefined && raw.subject !== request.subject) continue;
        notPassing.push({ rawId: raw.rawId, type: raw.type, reason: verdict.reason, errors: verdict.errors });
        totals.matched += 1;
      }
    }
    totals.matched += passing.length;
    if (passing.length > 0) {
      try {
        const result = await deps.pool.transaction((tx) => replayRawChunk(tx, passing, request.target, request.dryRun === true));
        totals.queued += result.queued;
        totals.skippedAlreadyPending += result.skippedAlreadyPending;
        totals.recreated += result.recreated;
        totals.inQuarantine += result.inQuarantine;
      } catch (e: unknown) {
        throw mapPgError(e);
      }
    }
    done += page.length;
    deps.onProgress?.({ done, total });
    if (page.length < size) break;
  }
  return { from: 'raw', target: request.target, dryRun: request.dryRun === true, ...totals, notPassing };
}
