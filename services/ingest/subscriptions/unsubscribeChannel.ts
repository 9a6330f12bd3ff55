/**
 * Removes every Kick subscription of one broadcaster (for `vf channels remove`): lists them at
 * Kick, deletes them in chunks of 50, and marks the channel's dm.event_subscription rows deleted.
 * Idempotent: a second call finds nothing and deletes nothing.
 */
import { chunk50 } from '../kickApi/chunk50.ts';
import { recordKickCall } from './recordKickCall.ts';
import { loadChannelSubscriptions, markSubscriptionsDeleted } from './subscriptionStore.ts';
import type { SubscriptionSyncDeps } from './syncSubscriptions.ts';

/** What {@link unsubscribeChannel} removed. */
export interface UnsubscribeResult {
  /** Subscription ids deleted at Kick. */
  readonly deletedKickSubscriptionIds: readonly string[];
  /** dm.event_subscription rows marked deleted (some may have been gone at Kick already). */
  readonly rowsMarkedDeleted: number;
}

/**
 * Deletes all of `broadcasterUserId`'s subscriptions at Kick and marks its rows deleted. Works for
 * a broadcaster dm does not know too (nothing to mark then). Kick API errors are thrown after their
 * scrape_log row is written; rows are marked only for what Kick confirmed deleted.
 */
export async function unsubscribeChannel(deps: SubscriptionSyncDeps, broadcasterUserId: number): Promise<UnsubscribeResult> {
  const { pool, kickApi } = deps;
  const stored = await loadChannelSubscriptions(pool, broadcasterUserId);
  const known = new Set(stored?.kickSubscriptionIds ?? []);
  const endpoint = '/public/v1/events/subscriptions';
  const listed = await recordKickCall(pool, { endpoint: `GET ${endpoint}`, requestedCount: 0, resultCount: (d) => d.length }, () => kickApi.listSubscriptions(broadcasterUserId));
  // Filter again: a Kick that ignored the broadcaster filter must not make us delete other channels'.
  const ids = listed.data.filter((s) => (s.broadcaster_user_id === undefined ? known.has(s.id) : s.broadcaster_user_id === broadcasterUserId)).map((s) => s.id);
  for (const chunk of chunk50(ids)) {
    await recordKickCall(pool, { endpoint: `DELETE ${endpoint}`, requestedCount: chunk.length, resultCount: () => chunk.length }, () => kickApi.deleteSubscriptions(chunk));
    await markSubscriptionsDeleted(pool, chunk);
  }
  // Rows Kick did not list are gone there already.
  const listedIds = new Set(listed.data.map((s) => s.id));
  const stale = [...known].filter((id) => !listedIds.has(id));
  await markSubscriptionsDeleted(pool, stale);
  deps.logger?.info({ broadcasterUserId, deleted: ids.length }, 'unsubscribed a Kick channel');
  return { deletedKickSubscriptionIds: ids, rowsMarkedDeleted: ids.filter((id) => known.has(id)).length + stale.length };
}
