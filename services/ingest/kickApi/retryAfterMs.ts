/**
 * `Retry-After` (RFC 9110 §10.2.3) is either a number of seconds or an HTTP date. Kick does not
 * document sending it (providers.md §1.7), so an absent or unreadable value is `null` and the caller
 * falls back to its own back-off.
 */

/** Milliseconds to wait per `Retry-After`, or null when the header is absent or unreadable. */
export function parseRetryAfterMs(value: string | null, nowMs: number): number | null {
  if (value === null) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // Anything else numeric-looking (negative, fractional) is invalid; Date.parse would read it as a year.
  if (/^[-+]?[\d.]+$/.test(text)) return null;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;
  // A date already past means "now", never a negative wait.
  return Math.max(0, at - nowMs);
}
