/**
 * Reads chat message counts per bucket from `vf.chat_messages_hourly`
 * (sql/clickhouse/vf/0002_chat_messages_hourly.sql): an AggregatingMergeTree of `uniqExact` states
 * of raw ids per broadcaster and UTC hour of provider time, so a read merges the states
 * (`uniqExactMerge`) and a raw event inserted twice counts once. A day bucket merges its 24 hours.
 *
 * The table's resolution is the hour: a `to` inside an hour counts that whole hour.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import type { ChatHistogram } from '../../../generated/openapi/internal-events.schemas.ts';
import { bucketStartText, type HistogramRange } from './domain/histogramRange.ts';

// DateTime('UTC') holds 1970-01-01 … 2106-02-07: clamp the query bounds to it (buckets outside stay 0).
const MAX_DATETIME_SECONDS = 4_294_967_295;

function clampSeconds(ms: number): number {
  return Math.min(MAX_DATETIME_SECONDS, Math.max(0, Math.floor(ms / 1000)));
}

/** Counts per bucket of `range` for one broadcaster, every bucket present. */
export async function readChatHistogram(client: ClickHouseClient, broadcasterUserId: number, range: HistogramRange): Promise<ChatHistogram> {
  const counts = new Map<number, number>();
  // Hours are whole, so `hour < to` keeps an hour that starts before an exclusive `to` inside it.
  const fromSeconds = clampSeconds(range.startMs);
  const toSeconds = clampSeconds(Math.ceil(range.endMs / 1000) * 1000);
  if (toSeconds > fromSeconds) {
    const result = await client.query({
      query: `
        SELECT intDiv(toUInt32(hour), {width:UInt32}) * {width:UInt32} AS bucket, uniqExactMerge(messages) AS count
        FROM vf.chat_messages_hourly
        WHERE broadcaster_user_id = {broadcaster:Int64}
          AND hour >= toDateTime({from:UInt32}, 'UTC') AND hour < toDateTime({to:UInt32}, 'UTC')
        GROUP BY bucket
        ORDER BY bucket`,
      format: 'JSONEachRow',
      query_params: { width: range.widthMs / 1000, broadcaster: String(broadcasterUserId), from: fromSeconds, to: toSeconds },
    });
    // 64-bit integers arrive as JSON strings.
    for (const row of await result.json<{ bucket: number | string; count: number | string }>()) counts.set(Number(row.bucket) * 1000, Number(row.count));
  }
  return { buckets: range.bucketStartsMs.map((startMs) => ({ start: bucketStartText(startMs), count: counts.get(startMs) ?? 0 })) };
}
