/**
 * Retry timing of the fan-out (DESIGN §6): exponential back-off with full jitter, capped at
 * FANOUT_BACKOFF_MAX_MS, and the target's `Retry-After` honoured. One rule for whole batches
 * (transport errors, timeouts, 5xx, 429, 4xx) and for single events answered `failed`.
 */

/** The first retry waits up to this long; each further attempt doubles it, up to the cap. */
export const backoffBaseMs = 1_000;

/** Inputs of {@link backoffDelayMs}. */
export interface BackoffInput {
  /** Attempts made so far, counting the one that just failed (1 after the first failure). */
  attempts: number;
  backoffMaxMs: number;
  /** A number in [0, 1): `Math.random` in production, fixed in tests. */
  random: () => number;
  /** What the target's `Retry-After` asked for, if anything. */
  retryAfterMs?: number | null;
}

/**
 * How long to wait before the next attempt: a uniform draw in [0, min(cap, base·2^(attempts-1)))
 * (AWS's "full jitter": retries of many senders spread out instead of arriving together), never
 * earlier than `Retry-After`, never later than the cap. A `Retry-After` beyond the cap is cut to
 * the cap: an operator's bound on how long a target may go untried wins over a target's answer.
 */
export function backoffDelayMs(input: BackoffInput): number {
  const exponent = Math.min(Math.max(input.attempts, 1) - 1, 40);
  const ceiling = Math.min(input.backoffMaxMs, backoffBaseMs * 2 ** exponent);
  const draw = Math.min(Math.max(input.random(), 0), 1);
  const jittered = Math.floor(draw * ceiling);
  const floor = Math.max(input.retryAfterMs ?? 0, 0);
  return Math.min(Math.max(jittered, floor), input.backoffMaxMs);
}

/**
 * Reads a `Retry-After` header (RFC 9110 §10.2.3): delay-seconds or an HTTP date. Null when absent
 * or unreadable; a date in the past reads as 0.
 */
export function parseRetryAfterMs(value: string | null, nowMs: number): number | null {
  if (value === null) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1_000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(date - nowMs, 0);
}
