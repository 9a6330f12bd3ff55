/**
 * The upsert behind `kick_subscriptions`, shared by subscription new, renewal and gifts (one row
 * per giftee): per (broadcaster, subscriber), `expires_at` is the latest expiry any event gave
 * (GREATEST, so a renewal applied before the `new` it follows keeps its later expiry), and the
 * other columns (kind, duration, username, subscribed_at) come from the newest event by version.
 * Both rules depend only on the set of events applied: idempotent and order-insensitive.
 */
import { sql, type QuerySqlToken } from 'slonik';
import { incomingIsNewer, takeIfNewer, versionValues, type KickVersion } from './kickVersion.ts';

/** One subscriber's row as an event describes it. */
export interface SubscriptionRow {
  readonly subscriberUserId: number;
  readonly subscriberUsername: string | null;
  /** `new`, `renewal` or `gift`. */
  readonly kind: 'new' | 'renewal' | 'gift';
  readonly durationMonths: number | null;
  readonly subscribedAt: string | null;
  readonly expiresAt: string | null;
}

const TABLE = 'kick_subscriptions';

/**
 * The statement for `rows` of one broadcaster, all written by the event of `version`; null when
 * there is nothing to write. Rows must have distinct subscribers (ON CONFLICT DO UPDATE cannot
 * touch a row twice in one statement): the caller keeps the first row per subscriber.
 */
export function upsertSubscriptions(broadcasterUserId: number, rows: readonly SubscriptionRow[], version: KickVersion): QuerySqlToken | null {
  if (rows.length === 0) return null;
  const versionSql = sql.join(versionValues(version), sql.fragment`, `);
  const values = rows.map(
    (row) => sql.fragment`(${broadcasterUserId}, ${row.subscriberUserId}, ${row.subscriberUsername}, ${row.kind}, ${row.durationMonths},
      ${row.subscribedAt}::timestamptz, ${row.expiresAt}::timestamptz, ${versionSql})`,
  );
  const stored = sql.identifier([TABLE, 'expires_at']);
  return sql.unsafe`
    INSERT INTO kick_subscriptions
      (broadcaster_user_id, subscriber_user_id, subscriber_username, kind, duration_months, subscribed_at, expires_at,
       event_time, event_received_at, event_id)
    VALUES ${sql.join(values, sql.fragment`, `)}
    ON CONFLICT (broadcaster_user_id, subscriber_user_id) DO UPDATE SET
      ${takeIfNewer(TABLE, '', ['subscriber_username', 'kind', 'duration_months', 'subscribed_at'])},
      expires_at = GREATEST(${stored}, excluded.expires_at)
    WHERE ${incomingIsNewer(TABLE, '')} OR excluded.expires_at > ${stored} OR (${stored} IS NULL AND excluded.expires_at IS NOT NULL)`;
}

/** `rows` without repeated subscribers, keeping the first of each. */
export function distinctSubscribers(rows: readonly SubscriptionRow[]): SubscriptionRow[] {
  const bySubscriber = new Map<number, SubscriptionRow>();
  for (const row of rows) if (!bySubscriber.has(row.subscriberUserId)) bySubscriber.set(row.subscriberUserId, row);
  return [...bySubscriber.values()];
}
