/**
 * `GET /admin/channels/{broadcasterUserId}`: one channel with its slug history, latest stream
 * sessions and viewer counts (contract schema ChannelDetail). The viewer counts are the
 * `kick.viewer_probe.v1` envelopes of the channel's subject in the outbox (kept for
 * OUTBOX_RETENTION_DAYS; `outbox_subject_idx` finds them), one point per probed minute.
 */
import { sql } from 'slonik';
import type { ChannelDetail } from '../../../generated/openapi/ingest.schemas.ts';
import { mapPgError } from '../../shared/pg/mapPgError.ts';
import type { DmPool } from '../../shared/pg/pools.ts';
import { IngestHttpError } from '../errors.ts';
import { iso, isoOrNull, num, textOrNull, type Row } from './consoleRows.ts';

/** Stream sessions listed, newest first. */
const SESSIONS = 50;

/** The channel, or `INGEST_CHANNEL_UNKNOWN`; viewer counts cover the `hours` before `now`. */
export async function readChannel(pool: DmPool, broadcasterUserId: number, hours: number, now: Date): Promise<ChannelDetail> {
  const from = new Date(now.getTime() - hours * 3_600_000);
  try {
    const channel = (await pool.maybeOne(sql.unsafe`
      SELECT id::text AS id, kick_broadcaster_user_id::text AS broadcaster_user_id, kick_channel_id::text AS kick_channel_id,
             slug, display_name, tracking, created_at, updated_at
      FROM dm.streamer_channel WHERE kick_broadcaster_user_id = ${broadcasterUserId}::int8`)) as Row | null;
    if (channel === null) throw new IngestHttpError('INGEST_CHANNEL_UNKNOWN', `no channel with broadcaster user id ${String(broadcasterUserId)}`);
    const channelId = String(channel.id);
    const [slugs, sessions, probes] = await Promise.all([
      pool.any(sql.unsafe`
        SELECT slug, valid_from, valid_to FROM dm.streamer_channel_slug_history
        WHERE streamer_channel_id = ${channelId}::int8 ORDER BY valid_from DESC`),
      pool.any(sql.unsafe`
        SELECT started_at, ended_at, title FROM dm.stream_session
        WHERE streamer_channel_id = ${channelId}::int8 ORDER BY started_at DESC LIMIT ${SESSIONS}`),
      // A replay can outbox a minute's probe again: one point per minute, the latest envelope's.
      pool.any(sql.unsafe`
        SELECT DISTINCT ON (time) time, (envelope -> 'data' ->> 'viewer_count')::int AS viewer_count,
               (envelope -> 'data' ->> 'is_live')::boolean AS is_live
        FROM ingest.outbox
        WHERE subject = ${`kick/broadcaster/${String(broadcasterUserId)}`} AND type = 'kick.viewer_probe.v1'
          AND time >= ${sql.timestamp(from)} AND time <= ${sql.timestamp(now)}
        ORDER BY time, position DESC`),
    ]);
    return {
      channel: {
        broadcasterUserId: num(channel, 'broadcaster_user_id'),
        kickChannelId: channel.kick_channel_id === null ? null : num(channel, 'kick_channel_id'),
        slug: String(channel.slug),
        displayName: textOrNull(channel, 'display_name'),
        tracking: channel.tracking === true,
        createdAt: iso(channel, 'created_at'),
        updatedAt: iso(channel, 'updated_at'),
      },
      slugHistory: (slugs as readonly Row[]).map((row) => ({ slug: String(row.slug), validFrom: iso(row, 'valid_from'), validTo: isoOrNull(row, 'valid_to') })),
      streamSessions: (sessions as readonly Row[]).map((row) => ({ startedAt: iso(row, 'started_at'), endedAt: isoOrNull(row, 'ended_at'), title: textOrNull(row, 'title') })),
      viewerCounts: {
        from: from.toISOString(),
        to: now.toISOString(),
        points: (probes as readonly Row[]).map((row) => ({ probedAt: iso(row, 'time'), viewerCount: Math.max(0, num(row, 'viewer_count')), isLive: row.is_live === true })),
      },
    };
  } catch (e: unknown) {
    // Typed errors (the unknown channel among them) pass through unchanged.
    throw mapPgError(e);
  }
}
