/**
 * Test support for the subscription sync: dm rows set up with plain SQL (as the superuser of a
 * per-file test database) and read back for assertions.
 */
import { withPgClient } from '../../../shared/testkit/pgClient.ts';

/** Empties the tables the sync touches. */
export async function resetDm(url: string): Promise<void> {
  await withPgClient(url, (c) => c.query('TRUNCATE dm.scrape_log, dm.event_subscription, dm.streamer_channel RESTART IDENTITY CASCADE'));
}

/** Inserts a channel; returns its dm.streamer_channel id. */
export async function insertChannel(url: string, channel: { broadcasterUserId: number; slug: string; tracking: boolean }): Promise<string> {
  return withPgClient(url, async (c) => {
    const result = await c.query<{ id: string }>('INSERT INTO dm.streamer_channel (kick_broadcaster_user_id, slug, tracking) VALUES ($1, $2, $3) RETURNING id::text AS id', [
      channel.broadcasterUserId,
      channel.slug,
      channel.tracking,
    ]);
    const id = result.rows[0]?.id;
    if (id === undefined) throw new Error('insertChannel: no id returned');
    return id;
  });
}

/** Inserts a dm.event_subscription row, seen long ago. */
export async function insertSubscriptionRow(url: string, row: { streamerChannelId: string; kickSubscriptionId: string; event: string }): Promise<void> {
  await withPgClient(url, (c) =>
    c.query(`INSERT INTO dm.event_subscription (streamer_channel_id, kick_subscription_id, event_type, event_version, last_seen_at) VALUES ($1, $2, $3, 1, '2020-01-01T00:00:00Z')`, [
      row.streamerChannelId,
      row.kickSubscriptionId,
      row.event,
    ]),
  );
}

/** A dm.event_subscription row as tests compare it. */
export interface SubscriptionRow {
  broadcasterUserId: number;
  kickSubscriptionId: string;
  event: string;
  deleted: boolean;
  seenRecently: boolean;
}

/** Every dm.event_subscription row, by broadcaster then event then id. */
export async function subscriptionRows(url: string): Promise<SubscriptionRow[]> {
  return withPgClient(url, async (c) => {
    const result = await c.query<{ b: string; k: string; e: string; d: boolean; s: boolean }>(`
      SELECT c.kick_broadcaster_user_id::text AS b, s.kick_subscription_id AS k, s.event_type AS e,
             s.deleted_at IS NOT NULL AS d, s.last_seen_at > now() - interval '1 hour' AS s
      FROM dm.event_subscription s JOIN dm.streamer_channel c ON c.id = s.streamer_channel_id
      ORDER BY c.kick_broadcaster_user_id, s.event_type, s.kick_subscription_id`);
    return result.rows.map((r) => ({ broadcasterUserId: Number(r.b), kickSubscriptionId: r.k, event: r.e, deleted: r.d, seenRecently: r.s }));
  });
}

/** Every dm.scrape_log row, oldest first. */
export async function scrapeLogRows(url: string): Promise<{ endpoint: string; httpStatus: number | null; requested: number; result: number; error: string | null }[]> {
  return withPgClient(url, async (c) => {
    const result = await c.query<{ endpoint: string; http_status: number | null; requested_count: number; result_count: number; error: string | null; latency_ms: number | null }>(
      'SELECT endpoint, http_status, requested_count, result_count, error, latency_ms FROM dm.scrape_log ORDER BY id',
    );
    return result.rows.map((r) => ({ endpoint: r.endpoint, httpStatus: r.http_status, requested: r.requested_count, result: r.result_count, error: r.error }));
  });
}
