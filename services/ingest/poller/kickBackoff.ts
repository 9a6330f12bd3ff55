/**
 * What the poller remembers between cron ticks: after a 429 with `Retry-After`, the time before
 * which it must not call Kick again. It lives in memory for the life of the process (one poller
 * per ingest process); a restart forgets it, which costs at most one early call that Kick answers
 * with another 429.
 */

/** The poller's back-off state. */
export interface KickBackoff {
  /** Null: no back-off in force. */
  notBefore: Date | null;
}

/** A fresh state with no back-off. */
export function createKickBackoff(): KickBackoff {
  return { notBefore: null };
}

/** The end of the back-off still in force at `now`, else null. */
export function backoffInForce(backoff: KickBackoff, now: Date): Date | null {
  return backoff.notBefore !== null && backoff.notBefore.getTime() > now.getTime() ? backoff.notBefore : null;
}
