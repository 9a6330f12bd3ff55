/**
 * One dm.scrape_log row per Kick API call the subscription sync makes (DESIGN §8): endpoint, HTTP
 * status, latency, how many items were asked for and returned, and the error of a failed call.
 * The row is written whether the call succeeded or not; the call's own error is rethrown.
 */
import { coerceError } from '../../shared/errors.ts';
import type { DmPool } from '../../shared/pg/pools.ts';
import { KickApiError, type KickCall } from '../kickApi/kickApi.ts';
import { writeScrapeLog } from '../kickApi/scrapeLog.ts';

/** What to log about a call. */
export interface RecordedCall<T> {
  readonly endpoint: string;
  readonly requestedCount: number;
  /** Items in a successful answer (e.g. subscriptions listed, created). */
  readonly resultCount: (data: T) => number;
}

/** Runs `call` and writes its scrape_log row, success or failure. */
export async function recordKickCall<T>(pool: DmPool, what: RecordedCall<T>, call: () => Promise<KickCall<T>>): Promise<KickCall<T>> {
  const startedAt = new Date();
  const base = { startedAt, endpoint: what.endpoint, requestedCount: what.requestedCount };
  let result: KickCall<T>;
  try {
    result = await call();
  } catch (e: unknown) {
    const error = coerceError(e);
    const kick = error instanceof KickApiError ? error : null;
    await writeScrapeLog(pool, { ...base, httpStatus: kick?.httpStatus ?? null, latencyMs: kick?.latencyMs ?? Date.now() - startedAt.getTime(), resultCount: 0, error: `${kick?.code ?? error.name}: ${error.message}` });
    throw error;
  }
  await writeScrapeLog(pool, { ...base, httpStatus: result.httpStatus, latencyMs: result.latencyMs, resultCount: what.resultCount(result.data), error: null });
  return result;
}
