/**
 * `vf channels add`: start tracking a Kick channel. Kick resolves the reference (so a typo fails
 * here, not silently in the poller), then one transaction marks the channel tracked, keeps its
 * slug history and enables its probe schedule (due at once).
 */
import { sql, type DatabaseTransactionConnection } from 'slonik';
import type { Channel } from '../../../generated/openapi/kick-api.schemas.ts';
import { AppError } from '../../shared/errors.ts';
import { mapPgError } from '../../shared/pg/mapPgError.ts';
import type { DmPool } from '../../shared/pg/pools.ts';
import type { KickApiClient } from '../kickApi/kickApi.ts';
import { asRow, boolColumn, intColumn } from '../poller/rowValues.ts';
import { describeChannelRef, parseChannelRef, type ChannelRef } from './domain/channelRef.ts';

/** What `addChannel` did. */
export interface AddedChannel {
  /** `dm.streamer_channel.id`. */
  readonly id: number;
  readonly broadcasterUserId: number;
  readonly slug: string;
  /** True when the channel was not in dm.streamer_channel before. */
  readonly created: boolean;
  /** True when it was tracked already (the command changed nothing but the slug, if any). */
  readonly alreadyTracked: boolean;
}

/** Asks Kick for the channel; `CHANNEL_NOT_FOUND` when Kick does not know it. */
export async function resolveChannel(kick: KickApiClient, ref: ChannelRef): Promise<Channel> {
  const call = await kick.getChannels(ref.kind === 'slug' ? { slugs: [ref.slug] } : { broadcasterUserIds: [ref.broadcasterUserId] });
  const found = call.data.find((c) => (ref.kind === 'slug' ? c.slug.toLowerCase() === ref.slug.toLowerCase() : c.broadcaster_user_id === ref.broadcasterUserId));
  if (found === undefined) {
    throw new AppError('CHANNEL_NOT_FOUND', `Kick has no channel with ${describeChannelRef(ref)}`, { details: { ref } });
  }
  return found;
}

async function upsertTracked(tx: DatabaseTransactionConnection, channel: Channel): Promise<{ id: number; created: boolean; alreadyTracked: boolean }> {
  // The CTE reads the row as it was before the upsert, to tell "added" from "already tracked".
  const row = asRow(
    await tx.one(sql.unsafe`
      WITH prior AS (SELECT tracking FROM dm.streamer_channel WHERE kick_broadcaster_user_id = ${channel.broadcaster_user_id})
      INSERT INTO dm.streamer_channel (kick_broadcaster_user_id, slug, tracking, tracking_changed_at, event_time)
      VALUES (${channel.broadcaster_user_id}, ${channel.slug}, true, now(), now())
      ON CONFLICT (kick_broadcaster_user_id) DO UPDATE SET
        slug = excluded.slug,
        -- Kick's answer is current: it wins over anything older seen in webhooks or polls.
        event_time = greatest(streamer_channel.event_time, excluded.event_time),
        tracking = true,
        tracking_changed_at = CASE WHEN streamer_channel.tracking THEN streamer_channel.tracking_changed_at ELSE now() END,
        updated_at = now()
      RETURNING id, NOT EXISTS (SELECT 1 FROM prior) AS created, coalesce((SELECT tracking FROM prior), false) AS already_tracked`),
  );
  return { id: intColumn(row, 'id'), created: boolColumn(row, 'created'), alreadyTracked: boolColumn(row, 'already_tracked') };
}

/**
 * Closes the open slug row when the slug changed and opens one for the current slug. The new row
 * starts where the old one ends; `greatest` keeps valid_to after valid_from even when the old row
 * was opened from a webhook stamped slightly ahead of our clock.
 */
async function recordSlug(tx: DatabaseTransactionConnection, channelId: number, slug: string): Promise<void> {
  await tx.query(sql.unsafe`
    WITH closed AS (
      UPDATE dm.streamer_channel_slug_history
      SET valid_to = greatest(now(), valid_from + interval '1 millisecond')
      WHERE streamer_channel_id = ${channelId} AND valid_to IS NULL AND slug <> ${slug}
      RETURNING valid_to
    )
    INSERT INTO dm.streamer_channel_slug_history (streamer_channel_id, slug, valid_from)
    SELECT ${channelId}, ${slug}, coalesce((SELECT valid_to FROM closed), now())
    WHERE NOT EXISTS (
      SELECT 1 FROM dm.streamer_channel_slug_history WHERE streamer_channel_id = ${channelId} AND valid_to IS NULL AND slug = ${slug}
    )`);
}

async function enableSchedule(tx: DatabaseTransactionConnection, channelId: number): Promise<void> {
  // A schedule that was running keeps its rhythm; a new or re-enabled one is due at once.
  await tx.query(sql.unsafe`
    INSERT INTO dm.probe_schedule (streamer_channel_id, enabled, next_probe_at)
    VALUES (${channelId}, true, now())
    ON CONFLICT (streamer_channel_id) DO UPDATE SET
      enabled = true,
      next_probe_at = CASE WHEN probe_schedule.enabled THEN probe_schedule.next_probe_at ELSE now() END,
      updated_at = now()`);
}

/** Tracks the channel named by `ref` (slug or broadcaster user id). */
export async function addChannel(deps: { readonly pool: DmPool; readonly kick: KickApiClient }, ref: string): Promise<AddedChannel> {
  const channel = await resolveChannel(deps.kick, parseChannelRef(ref));
  try {
    return await deps.pool.transaction(async (tx) => {
      const tracked = await upsertTracked(tx, channel);
      await recordSlug(tx, tracked.id, channel.slug);
      await enableSchedule(tx, tracked.id);
      return { ...tracked, broadcasterUserId: channel.broadcaster_user_id, slug: channel.slug };
    });
  } catch (e: unknown) {
    throw mapPgError(e);
  }
}
