/**
 * The Kick subscription sync (DESIGN §9): every tracked channel subscribed to exactly the 10 Kick
 * events, once each. Lists the app's subscriptions, plans (domain/planSubscriptions.ts), then per
 * channel creates the missing events in one POST and deletes duplicates and the subscriptions of
 * channels no longer tracked, keeping dm.event_subscription in step and one dm.scrape_log row per
 * Kick call. Idempotent: a second run right after the first changes nothing. Two runs at once can
 * both create a missing event; the next run deletes the younger copy.
 */
import { coerceError } from '../../shared/errors.ts';
import { silentLogger, type Logger } from '../../shared/logging/createLogger.ts';
import type { DmPool } from '../../shared/pg/pools.ts';
import { chunk50 } from '../kickApi/chunk50.ts';
import { KickApiError, type KickApiClient, type KickEventRef } from '../kickApi/kickApi.ts';
import type { IngestMetrics } from '../metrics/ingestMetrics.ts';
import { kickSubscriptionEvents } from './domain/kickSubscriptionEvents.ts';
import { planSubscriptions, type ChannelPlan, type PlannedDeletion, type SubscriptionPlan } from './domain/planSubscriptions.ts';
import { recordKickCall } from './recordKickCall.ts';
import { loadStoredSubscriptions, markSubscriptionsDeleted, recordSubscriptions } from './subscriptionStore.ts';

export { unsubscribeChannel, type UnsubscribeResult } from './unsubscribeChannel.ts';

/** What the sync (and {@link unsubscribeChannel}) needs. */
export interface SubscriptionSyncDeps {
  readonly pool: DmPool;
  readonly kickApi: KickApiClient;
  readonly logger?: Logger;
  readonly metrics?: IngestMetrics;
}

/** One channel's part of the report. */
export interface ChannelSyncReport {
  readonly broadcasterUserId: number;
  readonly slug: string;
  readonly tracking: boolean;
  /** Required events this channel lacked before the sync. */
  readonly missing: number;
  readonly toCreate: readonly KickEventRef[];
  readonly toDelete: readonly PlannedDeletion[];
  /** Done (always 0 in a dry run). */
  readonly created: number;
  readonly deleted: number;
  /** Events Kick refused to create, or a call that failed for this channel only. */
  readonly errors: readonly string[];
}

/** What a sync did, or would do (`dryRun`). */
export interface SubscriptionSyncReport {
  readonly dryRun: boolean;
  readonly trackedChannels: number;
  /** Required subscriptions missing across tracked channels before the sync (the metric's value). */
  readonly missingBefore: number;
  readonly created: number;
  readonly deleted: number;
  /** dm.event_subscription rows marked deleted because Kick no longer lists them. */
  readonly goneRows: number;
  /** Kick subscriptions left alone: channels we neither track nor subscribed. */
  readonly ignored: number;
  readonly channels: readonly ChannelSyncReport[];
}

const subscriptionsEndpoint = '/public/v1/events/subscriptions';

function isChannelLocal(error: Error): boolean {
  // A refusal about this channel (400, 404, a 5xx on one call) should not starve the others; rate
  // limits, credentials and an unreachable Kick stop the sync and fail the job, which retries it.
  return error instanceof KickApiError && error.code === 'KICK_API_FAILED';
}

async function applyChannel(deps: SubscriptionSyncDeps, plan: ChannelPlan): Promise<{ created: number; deleted: number; errors: string[] }> {
  const { pool, kickApi } = deps;
  const channelId = plan.channel.streamerChannelId;
  const broadcaster = plan.channel.broadcasterUserId;
  const errors: string[] = [];
  let created = 0;
  let deleted = 0;
  try {
    await recordSubscriptions(pool, channelId, plan.keep);
    if (plan.create.length > 0) {
      const result = await recordKickCall(pool, { endpoint: `POST ${subscriptionsEndpoint}`, requestedCount: plan.create.length, resultCount: (r) => r.filter((x) => !x.error && x.subscription_id).length }, () =>
        kickApi.createSubscriptions(broadcaster, plan.create),
      );
      const made = result.data.flatMap((r) => (!r.error && r.subscription_id ? [{ id: r.subscription_id, event: r.name, version: r.version, method: 'webhook' }] : []));
      errors.push(...result.data.filter((r) => r.error || !r.subscription_id).map((r) => `${r.name} v${r.version}: ${r.error || 'no subscription id'}`));
      await recordSubscriptions(pool, channelId, made);
      created = made.length;
    }
    for (const ids of chunk50(plan.delete.map((d) => d.kickSubscriptionId))) {
      await recordKickCall(pool, { endpoint: `DELETE ${subscriptionsEndpoint}`, requestedCount: ids.length, resultCount: () => ids.length }, () => kickApi.deleteSubscriptions(ids));
      await markSubscriptionsDeleted(pool, ids);
      deleted += ids.length;
    }
  } catch (e: unknown) {
    const error = coerceError(e);
    if (!isChannelLocal(error)) throw error;
    errors.push(error.message);
  }
  return { created, deleted, errors };
}

function channelReport(plan: ChannelPlan, done: { created: number; deleted: number; errors: string[] }): ChannelSyncReport {
  const { broadcasterUserId, slug, tracking } = plan.channel;
  return { broadcasterUserId, slug, tracking, missing: plan.create.length, toCreate: plan.create, toDelete: plan.delete, ...done };
}

function report(plan: SubscriptionPlan, dryRun: boolean, channels: readonly ChannelSyncReport[]): SubscriptionSyncReport {
  return {
    dryRun,
    trackedChannels: plan.channels.filter((c) => c.channel.tracking).length,
    missingBefore: plan.missingCount,
    created: channels.reduce((n, c) => n + c.created, 0),
    deleted: channels.reduce((n, c) => n + c.deleted, 0),
    goneRows: plan.goneKickSubscriptionIds.length,
    ignored: plan.ignoredCount,
    channels,
  };
}

/**
 * Runs the sync. `dryRun` lists Kick's subscriptions and returns the plan without calling POST or
 * DELETE and without writing anything. Sets `metrics.missingSubscriptions` either way.
 */
export async function syncSubscriptions(deps: SubscriptionSyncDeps, options: { readonly dryRun?: boolean } = {}): Promise<SubscriptionSyncReport> {
  const dryRun = options.dryRun === true;
  const logger = deps.logger ?? silentLogger();
  const stored = await loadStoredSubscriptions(deps.pool);
  const listed = dryRun
    ? await deps.kickApi.listSubscriptions()
    : await recordKickCall(deps.pool, { endpoint: `GET ${subscriptionsEndpoint}`, requestedCount: 0, resultCount: (d) => d.length }, () => deps.kickApi.listSubscriptions());
  const plan = planSubscriptions({ requiredEvents: kickSubscriptionEvents, ...stored, kickSubscriptions: listed.data });
  deps.metrics?.missingSubscriptions.set(plan.missingCount);
  if (dryRun) return report(plan, true, plan.channels.map((c) => channelReport(c, { created: 0, deleted: 0, errors: [] })));

  await markSubscriptionsDeleted(deps.pool, plan.goneKickSubscriptionIds);
  const channels: ChannelSyncReport[] = [];
  for (const channelPlan of plan.channels) channels.push(channelReport(channelPlan, await applyChannel(deps, channelPlan)));
  const result = report(plan, false, channels);
  logger.info({ trackedChannels: result.trackedChannels, missingBefore: result.missingBefore, created: result.created, deleted: result.deleted, goneRows: result.goneRows }, 'Kick subscription sync done');
  for (const c of channels.filter((x) => x.errors.length > 0)) logger.warn({ broadcasterUserId: c.broadcasterUserId, slug: c.slug, errors: c.errors }, 'Kick subscription sync: channel incomplete');
  return result;
}
