/**
 * Chat messages of one broadcaster per UTC hour, read from the exact hourly table
 * `vf.chat_messages_hourly` (sql/clickhouse/vf/0002_chat_messages_hourly.sql): an
 * AggregatingMergeTree of `uniqExact` states of raw ids per broadcaster and hour of provider time,
 * so the read merges the states (`uniqExactMerge`) and a raw event inserted twice counts once.
 * The same read the environment API's histogram makes, for the ingest role's operator console.
 */
import type { ClickHouseClient } from '@clickhouse/client';

/** DateTime('UTC') holds 1970-01-01 … 2106-02-07: bounds outside it are clamped (those hours count 0). */
const MAX_DATETIME_SECONDS = 4_294_967_295;

function clampSeconds(ms: number): number {
  return Math.min(MAX_DATETIME_SECONDS, Math.max(0, Math.floor(ms / 1000)));
}

/**
 * Message counts by hour start (epoch milliseconds) for hours starting in [`fromMs`, `toMs`).
 * Hours without messages are absent from the map.
 */
export async function readChatMessagesPerHour(client: ClickHouseClient, broadcasterUserId: number, fromMs: number, toMs: number): Promise<Map<number, number>> {
  const counts = new Map<number, number>();
  const fromSeconds = clampSeconds(fromMs);
  const toSeconds = clampSeconds(toMs);
  if (toSeconds <= fromSeconds) return counts;
  const result = await client.query({
    query: `
      SELECT toUInt32(hour) AS hour, uniqExactMerge(messages) AS count
      FROM vf.chat_messages_hourly
      WHERE broadcaster_user_id = {broadcaster:Int64}
        AND hour >= toDateTime({from:UInt32}, 'UTC') AND hour < toDateTime({to:UInt32}, 'UTC')
      GROUP BY hour
      ORDER BY hour`,
    format: 'JSONEachRow',
    // Int64 travels as text: a JavaScript number is exact only up to 2^53.
    query_params: { broadcaster: String(broadcasterUserId), from: fromSeconds, to: toSeconds },
  });
  // 64-bit integers arrive as JSON strings.
  for (const row of await result.json<{ hour: number | string; count: number | string }>()) counts.set(Number(row.hour) * 1000, Number(row.count));
  return counts;
}
