/**
 * dm.event_subscription as the subscription sync keeps it: the channels and live rows it plans
 * from, rows upserted when Kick lists or creates a subscription (`last_seen_at`), and `deleted_at`
 * set when we delete one or Kick no longer lists it. Rows are never removed, so the history stays.
 */
import { sql, type QuerySqlToken } from 'slonik';
import type { EventSubscription } from '../../../generated/openapi/kick-api.schemas.ts';
import { mapPgError } from '../../shared/pg/mapPgError.ts';
import type { DmPool } from '../../shared/pg/pools.ts';
import type { PlanChannel, PlanRow } from './domain/planSubscriptions.ts';

/** What the sync plans from. */
export interface StoredSubscriptions {
  readonly channels: readonly PlanChannel[];
  readonly rows: readonly PlanRow[];
}

async function rows(pool: DmPool, query: QuerySqlToken): Promise<readonly Record<string, unknown>[]> {
  try {
    const result = await pool.any(query);
    return result.map((row) => (typeof row === 'object' && row !== null ? (row as Record<string, unknown>) : {}));
  } catch (e: unknown) {
    throw mapPgError(e);
  }
}

function text(row: Record<string, unknown>, key: string): string {
  const value = row[key];
  if (typeof value !== 'string') throw new TypeError(`dm row: ${key} is not text`);
  return value;
}

/** Tracked channels, untracked channels that still have live rows, and every live row. */
export async function loadStoredSubscriptions(pool: DmPool): Promise<StoredSubscriptions> {
  const channelRows = await rows(
    pool,
    sql.unsafe`
      SELECT c.id::text AS id, c.kick_broadcaster_user_id::text AS broadcaster_user_id, c.slug, c.tracking
      FROM dm.streamer_channel c
      WHERE c.tracking
         OR EXISTS (SELECT 1 FROM dm.event_subscription s WHERE s.streamer_channel_id = c.id AND s.deleted_at IS NULL)`,
  );
  const subscriptionRows = await rows(
    pool,
    sql.unsafe`SELECT kick_subscription_id, streamer_channel_id::text AS streamer_channel_id FROM dm.event_subscription WHERE deleted_at IS NULL`,
  );
  return {
    channels: channelRows.map((r) => ({ streamerChannelId: text(r, 'id'), broadcasterUserId: Number(text(r, 'broadcaster_user_id')), slug: text(r, 'slug'), tracking: r.tracking === true })),
    rows: subscriptionRows.map((r) => ({ kickSubscriptionId: text(r, 'kick_subscription_id'), streamerChannelId: text(r, 'streamer_channel_id') })),
  };
}

/** The channel of a Kick broadcaster and its live rows; null when dm does not know it. */
export async function loadChannelSubscriptions(pool: DmPool, broadcasterUserId: number): Promise<{ streamerChannelId: string; kickSubscriptionIds: string[] } | null> {
  const found = await rows(
    pool,
    sql.unsafe`
      SELECT c.id::text AS id, s.kick_subscription_id
      FROM dm.streamer_channel c
      LEFT JOIN dm.event_subscription s ON s.streamer_channel_id = c.id AND s.deleted_at IS NULL
      WHERE c.kick_broadcaster_user_id = ${broadcasterUserId}`,
  );
  const first = found[0];
  if (first === undefined) return null;
  return { streamerChannelId: text(first, 'id'), kickSubscriptionIds: found.flatMap((r) => (typeof r.kick_subscription_id === 'string' ? [r.kick_subscription_id] : [])) };
}

/**
 * Records subscriptions Kick listed or just created for a channel: inserted when new, else marked
 * seen (and undeleted: Kick lists it, so it exists). Idempotent.
 */
export async function recordSubscriptions(pool: DmPool, streamerChannelId: string, subscriptions: readonly Pick<EventSubscription, 'id' | 'event' | 'version' | 'method' | 'created_at'>[]): Promise<void> {
  if (subscriptions.length === 0) return;
  const createdAt = subscriptions.map((s) => {
    const ms = s.created_at === undefined ? Number.NaN : Date.parse(s.created_at);
    return Number.isNaN(ms) ? null : new Date(ms).toISOString();
  });
  const ids = subscriptions.map((s) => s.id);
  const events = subscriptions.map((s) => s.event);
  const versions = subscriptions.map((s) => s.version);
  const methods = subscriptions.map((s) => s.method ?? 'webhook');
  await rows(
    pool,
    sql.unsafe`
      INSERT INTO dm.event_subscription (streamer_channel_id, kick_subscription_id, event_type, event_version, method, created_at)
      SELECT ${streamerChannelId}::bigint, s.id, s.event, s.version, s.method, coalesce(s.created_at::timestamptz, now())
      FROM unnest(${sql.array(ids, 'text')}, ${sql.array(events, 'text')}, ${sql.array(versions, 'int4')}, ${sql.array(methods, 'text')}, ${sql.array(createdAt, 'text')})
        AS s(id, event, version, method, created_at)
      ON CONFLICT (kick_subscription_id) DO UPDATE
        SET streamer_channel_id = EXCLUDED.streamer_channel_id, last_seen_at = now(), deleted_at = NULL
      RETURNING id`,
  );
}

/** Sets `deleted_at` on the live rows of these Kick subscription ids. */
export async function markSubscriptionsDeleted(pool: DmPool, kickSubscriptionIds: readonly string[]): Promise<void> {
  if (kickSubscriptionIds.length === 0) return;
  await rows(
    pool,
    sql.unsafe`
      UPDATE dm.event_subscription SET deleted_at = now()
      WHERE kick_subscription_id = ANY(${sql.array(kickSubscriptionIds, 'text')}) AND deleted_at IS NULL
      RETURNING id`,
  );
}
