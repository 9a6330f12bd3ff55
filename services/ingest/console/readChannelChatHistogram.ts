/**
 * `GET /admin/channels/{broadcasterUserId}/chat-histogram`: chat messages per UTC hour over the
 * last `hours`, the current hour included (contract schema ChannelChatHistogram), read from
 * ClickHouse's exact hourly table through the shared query. Every hour is present, 0 when empty.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import type { ChannelChatHistogram } from '../../../generated/openapi/ingest.schemas.ts';
import { readChatMessagesPerHour } from '../../shared/clickhouse/chatMessagesPerHour.ts';
import { coerceError } from '../../shared/errors.ts';
import { IngestHttpError } from '../errors.ts';
import { chartWindow, HOUR_MS, isoSeconds } from './domain/chartWindow.ts';

/** The histogram; throws `INGEST_CLICKHOUSE_UNAVAILABLE` when ClickHouse does not answer. */
export async function readChannelChatHistogram(clickhouse: ClickHouseClient, broadcasterUserId: number, hours: number, now: Date): Promise<ChannelChatHistogram> {
  const window = chartWindow(now.getTime(), hours, HOUR_MS);
  let counts: Map<number, number>;
  try {
    counts = await readChatMessagesPerHour(clickhouse, broadcasterUserId, window.startMs, window.endMs);
  } catch (e: unknown) {
    const error = coerceError(e);
    throw new IngestHttpError('INGEST_CLICKHOUSE_UNAVAILABLE', `ClickHouse did not answer: ${error.message}`, { cause: error });
  }
  return {
    broadcasterUserId,
    from: isoSeconds(window.startMs),
    to: isoSeconds(window.endMs),
    buckets: window.bucketStartsMs.map((startMs) => ({ start: isoSeconds(startMs), count: counts.get(startMs) ?? 0 })),
  };
}
