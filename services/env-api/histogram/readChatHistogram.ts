/**
 * Reads chat message counts per bucket from `vf.chat_messages_hourly`
 * (sql/clickhouse/vf/0002_chat_messages_hourly.sql): an AggregatingMergeTree of `uniqExact` states
 * of raw ids per broadcaster and UTC hour of provider time, so a read merges the states
 * (`uniqExactMerge`) and a raw event inserted twice counts once. A day bucket merges its 24 hours.
 *
 * The table's resolution is the hour: a `to` inside an hour counts that whole hour. The query is
 * services/shared/clickhouse/chatMessagesPerHour.ts, which the operator console shares.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import type { ChatHistogram } from '../../../generated/openapi/internal-events.schemas.ts';
import { readChatMessagesPerHour } from '../../shared/clickhouse/chatMessagesPerHour.ts';
import { bucketStartText, type HistogramRange } from './domain/histogramRange.ts';

/** Counts per bucket of `range` for one broadcaster, every bucket present. */
export async function readChatHistogram(client: ClickHouseClient, broadcasterUserId: number, range: HistogramRange): Promise<ChatHistogram> {
  // Hours are whole, so `hour < to` keeps an hour that starts before an exclusive `to` inside it.
  const counts = await readChatMessagesPerHour(client, broadcasterUserId, range.startMs, Math.ceil(range.endMs / 1000) * 1000, range.widthMs / 1000);
  return { buckets: range.bucketStartsMs.map((startMs) => ({ start: bucketStartText(startMs), count: counts.get(startMs) ?? 0 })) };
}
