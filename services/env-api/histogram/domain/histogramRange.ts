/**
 * The buckets of a chat histogram request (contracts/openapi/internal-events.yaml,
 * `getChatHistogram`): UTC hours or days from `from` rounded down to its bucket, up to `to`
 * exclusive, every bucket present (empty ones count 0), at most 10,000 of them. Pure.
 */

/** Bucket widths the route offers. */
export type BucketWidth = 'hour' | 'day';

/** The most buckets one answer may have. */
export const MAX_BUCKETS = 10_000;

const widthMs: Readonly<Record<BucketWidth, number>> = { hour: 3_600_000, day: 86_400_000 };

/** A planned histogram: bucket starts in epoch milliseconds, oldest first. */
export interface HistogramRange {
  readonly kind: 'range';
  readonly width: BucketWidth;
  readonly widthMs: number;
  /** `from` rounded down to its bucket. */
  readonly startMs: number;
  /** `to`, exclusive. */
  readonly endMs: number;
  readonly bucketStartsMs: readonly number[];
}

/** Plans the buckets, or says which parameter is wrong. */
export function histogramRange(from: string, to: string, width: BucketWidth): HistogramRange | { readonly kind: 'invalid'; readonly message: string } {
  const fromMs = Date.parse(from);
  const toMs = Date.parse(to);
  if (Number.isNaN(fromMs)) return { kind: 'invalid', message: `from ${JSON.stringify(from)} is not an RFC 3339 date-time` };
  if (Number.isNaN(toMs)) return { kind: 'invalid', message: `to ${JSON.stringify(to)} is not an RFC 3339 date-time` };
  if (toMs <= fromMs) return { kind: 'invalid', message: 'to must be after from' };
  const step = widthMs[width];
  // Epoch milliseconds carry no leap seconds, so multiples of a day are UTC midnights.
  const startMs = Math.floor(fromMs / step) * step;
  const count = Math.ceil((toMs - startMs) / step);
  if (count > MAX_BUCKETS) return { kind: 'invalid', message: `the range spans ${String(count)} ${width} buckets; at most ${String(MAX_BUCKETS)} are answered` };
  const bucketStartsMs = Array.from({ length: count }, (_, i) => startMs + i * step);
  return { kind: 'range', width, widthMs: step, startMs, endMs: toMs, bucketStartsMs };
}

/** `2025-01-14T16:00:00Z`: a bucket start as the contract's examples write it. */
export function bucketStartText(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}
