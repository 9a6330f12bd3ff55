/**
 * Chat messages of one broadcaster per UTC hour, read from the exact hourly table
 * `vf.chat_messages_hourly` (sql/clickhouse/vf/0002_chat_messages_hourly.sql): an
 * AggregatingMergeTree of `uniqExact` states of raw ids per broadcaster and hour of provider time,
 * so the read merges the states (`uniqExactMerge`) and a raw event inserted twice counts once.
 * Shared by the environment API's histogram (hour or day buckets) and the operator console.
 */
import type { ClickHouseClient } from '@clickhouse/client';

/** DateTime('UTC') holds 1970-01-01 … 2106-02-07: bounds outside it are clamped (those hours count 0). */
const MAX_DATETIME_SECONDS = 4_294_967_295;

function clampSeconds(ms: number): number {
  return Math.min(MAX_DATETIME_SECONDS, Math.max(0, Math.floor(ms / 1000)));
}

/**
 * Message counts by bucket start (epoch milliseconds) for the hours starting in [`fromMs`, `toMs`),
 * in UTC buckets of `bucketSeconds` (a whole number of hours; default one hour, a day merges its
 * 24). Buckets without messages are absent from the map.
 */
export async function readChatMessagesPerHour(client: ClickHouseClient, broadcasterUserId: number, fromMs: number, toMs: number, bucketSeconds = 3600): Promise<Map<number, number>> {
  const counts = new Map<number, number>();
  const fromSeconds = clampSeconds(fromMs);
  const toSeconds = clampSeconds(toMs);
  if (toSeconds <= fromSeconds) return counts;
  const result = await client.query({
    query: `
      SELECT intDiv(toUInt32(hour), {width:UInt32}) * {width:UInt32} AS bucket, uniqExactMerge(messages) AS count
      FROM vf.chat_messages_hourly
      WHERE broadcaster_user_id = {broadcaster:Int64}
        AND hour >= toDateTime({from:UInt32}, 'UTC') AND hour < toDateTime({to:UInt32}, 'UTC')
      GROUP BY bucket
      ORDER BY bucket`,
    format: 'JSONEachRow',
    // Int64 travels as text: a JavaScript number is exact only up to 2^53.
    query_params: { width: bucketSeconds, broadcaster: String(broadcasterUserId), from: fromSeconds, to: toSeconds },
  });
  // 64-bit integers arrive as JSON strings.
  for (const row of await result.json<{ bucket: number | string; count: number | string }>()) counts.set(Number(row.bucket) * 1000, Number(row.count));
  return counts;
}
