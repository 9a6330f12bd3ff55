/**
 * `vf channels list`: the channels the ingest tier knows, with their probe schedule and how many
 * Kick webhook subscriptions they have as of the last sync.
 */
import { sql } from 'slonik';
import { mapPgError } from '../../shared/pg/mapPgError.ts';
import type { DmPool } from '../../shared/pg/pools.ts';
import { asRow, boolColumn, dateColumnOrNull, intColumn, intColumnOrNull, textColumn } from '../poller/rowValues.ts';

/** One channel as listed. */
export interface ChannelSummary {
  /** `dm.streamer_channel.id`. */
  readonly id: number;
  readonly broadcasterUserId: number;
  readonly slug: string;
  readonly tracking: boolean;
  readonly trackingChangedAt: Date | null;
  /** Null when the channel never had a probe schedule. */
  readonly probeIntervalSeconds: number | null;
  readonly probeEnabled: boolean;
  readonly lastProbedAt: Date | null;
  readonly nextProbeAt: Date | null;
  /** Rows of dm.event_subscription not marked deleted. */
  readonly liveSubscriptions: number;
}

/** Tracked channels by slug; with `all`, untracked ones (seen in webhooks, or removed) too. */
export async function listChannels(pool: DmPool, options: { readonly all?: boolean } = {}): Promise<ChannelSummary[]> {
  const filter = options.all === true ? sql.fragment`true` : sql.fragment`c.tracking`;
  try {
    const rows = await pool.any(sql.unsafe`
      SELECT c.id, c.kick_broadcaster_user_id, c.slug, c.tracking, c.tracking_changed_at,
             s.interval_seconds, coalesce(s.enabled, false) AS probe_enabled, s.last_probed_at, s.next_probe_at,
             (SELECT count(*) FROM dm.event_subscription e WHERE e.streamer_channel_id = c.id AND e.deleted_at IS NULL) AS live_subscriptions
      FROM dm.streamer_channel c
      LEFT JOIN dm.probe_schedule s ON s.streamer_channel_id = c.id
      WHERE ${filter}
      ORDER BY lower(c.slug), c.id`);
    return rows.map((value) => {
      const row = asRow(value);
      return {
        id: intColumn(row, 'id'),
        broadcasterUserId: intColumn(row, 'kick_broadcaster_user_id'),
        slug: textColumn(row, 'slug'),
        tracking: boolColumn(row, 'tracking'),
        trackingChangedAt: dateColumnOrNull(row, 'tracking_changed_at'),
        probeIntervalSeconds: intColumnOrNull(row, 'interval_seconds'),
        probeEnabled: boolColumn(row, 'probe_enabled'),
        lastProbedAt: dateColumnOrNull(row, 'last_probed_at'),
        nextProbeAt: dateColumnOrNull(row, 'next_probe_at'),
        liveSubscriptions: intColumn(row, 'live_subscriptions'),
      };
    });
  } catch (e: unknown) {
    throw mapPgError(e);
  }
}
