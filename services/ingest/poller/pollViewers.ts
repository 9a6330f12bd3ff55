/**
 * The viewer poller (DESIGN §9): for one scheduled minute, read the due channels' state from
 * Kick (`GET /public/v1/channels`, up to 50 broadcaster ids per call) and emit one
 * `kick.viewer_probe.v1` per channel through the same accept path as the webhooks.
 *
 * Idempotency: a probe's message id is `probe:<broadcaster>:<minute>`, so polling the same minute
 * again (a retried job, a crash before the schedules moved on) answers `duplicate` and writes
 * nothing new. Schedules move on per call, after its probes are committed, so a failure part-way
 * leaves only the unprobed channels due.
 */
import type { Channel } from '../../../generated/openapi/kick-api.schemas.ts';
import type { Logger } from '../../shared/logging/createLogger.ts';
import { coerceError } from '../../shared/errors.ts';
import type { DmPool } from '../../shared/pg/pools.ts';
import type { Acceptor } from '../accept/delivery.ts';
import { chunk50 } from '../kickApi/chunk50.ts';
import { KickApiError, type KickApiClient } from '../kickApi/kickApi.ts';
import type { IngestMetrics } from '../metrics/ingestMetrics.ts';
import { backoffInForce, type KickBackoff } from './kickBackoff.ts';
import { probeDelivery, truncateToMinute } from './domain/probeDelivery.ts';
import { advanceProbes, dueProbes, type DueProbe } from './probeSchedules.ts';
import { writeScrapeLog } from '../kickApi/scrapeLog.ts';

const channelsEndpoint = 'GET /public/v1/channels';

/** What the poller needs; `backoff` outlives one run (create it once per process). */
export interface PollViewersDeps {
  readonly pool: DmPool;
  readonly kick: KickApiClient;
  readonly acceptor: Acceptor;
  readonly logger: Logger;
  readonly backoff: KickBackoff;
  readonly metrics?: IngestMetrics;
  /** The clock, for the back-off check and receive times. */
  readonly now?: () => Date;
}

/** Counts of one run that called Kick (or found nothing due). */
export interface PollCounts {
  due: number;
  calls: number;
  failedCalls: number;
  accepted: number;
  duplicates: number;
  quarantined: number;
  /** Channels whose answer did not fit the probe contract (logged, skipped). */
  invalid: number;
  /** Requested channels Kick did not return (gone): logged, their schedules still moved on. */
  missing: number;
}

/** Why a run stopped before its last call (the schedules it did not reach stay due). */
export type PollStop = 'rate_limited' | 'unauthorized' | 'unreachable';

/** The outcome of one run. */
export type PollReport =
  | { readonly kind: 'backing_off'; readonly scheduledMinute: Date; readonly notBefore: Date }
  | ({ readonly kind: 'polled'; readonly scheduledMinute: Date; readonly stoppedBy: PollStop | null; readonly notBefore: Date | null } & Readonly<PollCounts>);

/** Polls the channels due at `scheduledMinute` (truncated to the minute). */
export async function pollViewers(deps: PollViewersDeps, scheduledMinute: Date): Promise<PollReport> {
  const now = deps.now ?? (() => new Date());
  const minute = truncateToMinute(scheduledMinute);
  const waitUntil = backoffInForce(deps.backoff, now());
  if (waitUntil !== null) {
    deps.logger.info({ scheduledMinute: minute, notBefore: waitUntil }, 'kick poller: rate limited by Kick, skipping this minute');
    return { kind: 'backing_off', scheduledMinute: minute, notBefore: waitUntil };
  }
  const due = await dueProbes(deps.pool, minute);
  const counts: PollCounts = { due: due.length, calls: 0, failedCalls: 0, accepted: 0, duplicates: 0, quarantined: 0, invalid: 0, missing: 0 };
  let stoppedBy: PollStop | null = null;
  for (const chunk of chunk50(due)) {
    const channels = await callKick(deps, chunk, minute, counts);
    if (channels instanceof KickApiError) {
      stoppedBy = stopReason(channels, deps.backoff, now());
      if (stoppedBy !== null) break;
      continue;
    }
    await emitProbes(deps, chunk, channels, minute, now(), counts);
    await advanceProbes(deps.pool, chunk.map((p) => p.streamerChannelId), minute);
  }
  const report: PollReport = { kind: 'polled', scheduledMinute: minute, stoppedBy, notBefore: backoffInForce(deps.backoff, now()), ...counts };
  // A minute with nothing due is the common idle case: keep it out of the info log.
  if (due.length === 0) deps.logger.debug(report, 'kick poller: nothing due');
  else deps.logger.info(report, 'kick poller: minute polled');
  return report;
}

/**
 * Whether a failed call ends the run. A 429 does, and starts the back-off when Kick said how long;
 * refused credentials and an unreachable Kick do (the next calls would fail the same way). A
 * plain failure (a 5xx, a malformed answer) may be about that chunk only: the run goes on.
 */
function stopReason(error: KickApiError, backoff: KickBackoff, now: Date): PollStop | null {
  switch (error.code) {
    case 'KICK_API_RATE_LIMITED':
      if (error.retryAfterMs !== null) backoff.notBefore = new Date(now.getTime() + error.retryAfterMs);
      return 'rate_limited';
    case 'KICK_API_UNAUTHORIZED':
      return 'unauthorized';
    case 'KICK_API_UNREACHABLE':
      return 'unreachable';
    case 'KICK_API_FAILED':
      return null;
  }
}

/** One channels call and its scrape_log row; a Kick failure is returned (its schedules stay due). */
async function callKick(deps: PollViewersDeps, chunk: readonly DueProbe[], minute: Date, counts: PollCounts): Promise<readonly Channel[] | KickApiError> {
  const startedAt = new Date();
  const broadcasterUserIds = chunk.map((p) => p.broadcasterUserId);
  counts.calls += 1;
  try {
    const call = await deps.kick.getChannels({ broadcasterUserIds });
    await writeScrapeLog(deps.pool, { startedAt, endpoint: channelsEndpoint, probeMinute: minute, httpStatus: call.httpStatus, latencyMs: call.latencyMs, requestedCount: chunk.length, resultCount: call.data.length, error: null });
    return call.data;
  } catch (e: unknown) {
    const error = coerceError(e);
    if (!(error instanceof KickApiError)) throw error;
    counts.failedCalls += 1;
    await writeScrapeLog(deps.pool, { startedAt, endpoint: error.endpoint, probeMinute: minute, httpStatus: error.httpStatus, latencyMs: error.latencyMs, requestedCount: chunk.length, resultCount: 0, error: `${error.code}: ${error.message}` });
    deps.logger.warn({ err: error, scheduledMinute: minute, requested: chunk.length, retryAfterMs: error.retryAfterMs }, 'kick poller: channels call failed');
    return error;
  }
}

/** Accepts one probe per returned channel; all settle before a database failure is rethrown. */
async function emitProbes(deps: PollViewersDeps, chunk: readonly DueProbe[], channels: readonly Channel[], minute: Date, receivedAt: Date, counts: PollCounts): Promise<void> {
  const requested = new Set(chunk.map((p) => p.broadcasterUserId));
  const returned = new Set<number>();
  const accepts: Promise<void>[] = [];
  for (const channel of channels) {
    // Kick answering an id twice, or one we did not ask for, must not emit a second probe.
    if (!requested.has(channel.broadcaster_user_id) || returned.has(channel.broadcaster_user_id)) continue;
    returned.add(channel.broadcaster_user_id);
    const built = probeDelivery(channel, minute, receivedAt);
    if (built.kind === 'invalid') {
      counts.invalid += 1;
      deps.logger.warn({ broadcasterUserId: built.broadcasterUserId, errors: built.errors, scheduledMinute: minute }, 'kick poller: channel answer does not fit the probe contract, skipped');
      continue;
    }
    accepts.push(
      deps.acceptor.accept(built.delivery).then((result) => {
        if (result.kind === 'accepted') counts.accepted += 1;
        else if (result.kind === 'duplicate') counts.duplicates += 1;
        else counts.quarantined += 1;
        deps.metrics?.webhooks.inc({ source: 'kick_probe', type: built.delivery.eventType, outcome: result.kind });
      }),
    );
  }
  const failure = (await Promise.allSettled(accepts)).find((r) => r.status === 'rejected');
  if (failure !== undefined) throw coerceError(failure.reason);
  const missing = [...requested].filter((id) => !returned.has(id));
  if (missing.length > 0) {
    counts.missing += missing.length;
    deps.logger.warn({ broadcasterUserIds: missing, scheduledMinute: minute }, 'kick poller: Kick did not return these channels (gone?); their schedules move on');
  }
}
