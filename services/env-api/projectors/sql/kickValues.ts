/**
 * Reading optional payload fields into column values. Kick adds fields over time and older events
 * lack some (DESIGN §4), so an absent or unreadable optional field becomes null rather than an
 * error: a projector never fails (and is retried 25 times) over a field it can live without.
 */

/** An instant as ISO 8601 UTC, or null when `value` is not a readable date string. */
export function instantOrNull(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** `value` when it is a string, else null. */
export function textOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** `value` when it is a safe integer, else null (ids and counts that must fit their column). */
export function integerOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isSafeInteger(value) ? value : null;
}

/** `value` when it is a boolean, else null. */
export function booleanOrNull(value: unknown): boolean | null {
  return typeof value === 'boolean' ? value : null;
}
