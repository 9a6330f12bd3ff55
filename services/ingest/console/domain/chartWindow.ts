/**
 * The time buckets of the console's charts: whole UTC minutes (or hours) ending with the current,
 * partial one, every bucket present so a chart has no gaps where nothing happened. Pure.
 */

/** A planned window: bucket starts in epoch milliseconds, oldest first. */
export interface ChartWindow {
  readonly bucketMs: number;
  /** Start of the first bucket. */
  readonly startMs: number;
  /** End (exclusive) of the last bucket. */
  readonly endMs: number;
  readonly bucketStartsMs: readonly number[];
}

/** The minute and the hour, in milliseconds. */
export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;

/** `count` buckets of `bucketMs`, the last one holding `nowMs`. */
export function chartWindow(nowMs: number, count: number, bucketMs: number): ChartWindow {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`chartWindow: count must be a positive integer, got ${String(count)}`);
  // Epoch milliseconds carry no leap seconds, so multiples of a minute or an hour are UTC boundaries.
  const lastStartMs = Math.floor(nowMs / bucketMs) * bucketMs;
  const startMs = lastStartMs - (count - 1) * bucketMs;
  const bucketStartsMs = Array.from({ length: count }, (_, i) => startMs + i * bucketMs);
  return { bucketMs, startMs, endMs: lastStartMs + bucketMs, bucketStartsMs };
}

/** The index of the bucket holding `ms`, or null outside the window. */
export function bucketIndex(window: ChartWindow, ms: number): number | null {
  if (ms < window.startMs || ms >= window.endMs) return null;
  return Math.floor((ms - window.startMs) / window.bucketMs);
}

/** `2025-01-14T16:08:00Z`: a bucket start as the contract's date-times read. */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/**
 * One value per bucket, keyed by a series name, from rows that each name a series and a bucket
 * start; `merge` combines two rows of one series and bucket (default: the later row wins).
 */
export function fillSeries<T>(
  window: ChartWindow,
  rows: Iterable<{ readonly key: string; readonly bucketStartMs: number; readonly value: T }>,
  empty: T,
  merge: (previous: T, value: T) => T = (_previous, value) => value,
): Map<string, T[]> {
  const series = new Map<string, T[]>();
  for (const row of rows) {
    const index = bucketIndex(window, row.bucketStartMs);
    if (index === null) continue;
    let values = series.get(row.key);
    if (values === undefined) {
      values = window.bucketStartsMs.map(() => empty);
      series.set(row.key, values);
    }
    values[index] = merge(values[index] ?? empty, row.value);
  }
  // Sorted by name, so a series keeps its place (and colour) from one refresh to the next.
  return new Map([...series].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
