/**
 * The poller's reads and writes of `dm.probe_schedule`: which channels are due at a minute, and
 * moving them on once probed.
 */
import { sql } from 'slonik';
import type { DmPool } from '../../shared/pg/pools.ts';
import { mapPgError } from '../../shared/pg/mapPgError.ts';
import { asRow, intColumn } from './rowValues.ts';

/** One due schedule with the broadcaster id Kick knows the channel by. */
export interface DueProbe {
  readonly streamerChannelId: number;
  readonly broadcasterUserId: number;
}

/** Enabled schedules due at `minute`, oldest first (so a backlog is worked off in order). */
export async function dueProbes(pool: DmPool, minute: Date): Promise<DueProbe[]> {
  try {
    const rows = await pool.any(sql.unsafe`
      SELECT s.streamer_channel_id, c.kick_broadcaster_user_id
      FROM dm.probe_schedule s
      JOIN dm.streamer_channel c ON c.id = s.streamer_channel_id
      WHERE s.enabled AND s.next_probe_at <= ${sql.timestamp(minute)}
      ORDER BY s.next_probe_at, s.streamer_channel_id`);
    return rows.map((value) => {
      const row = asRow(value);
      return { streamerChannelId: intColumn(row, 'streamer_channel_id'), broadcasterUserId: intColumn(row, 'kick_broadcaster_user_id') };
    });
  } catch (e: unknown) {
    throw mapPgError(e);
  }
}

/**
 * Marks schedules probed at `minute`: the next probe is one interval after the scheduled minute
 * (not after a backlog's old due time, so a stalled poller does not burst to catch up).
 * `greatest` keeps a late, retried run of an older minute from moving a schedule backwards.
 */
export async function advanceProbes(pool: DmPool, streamerChannelIds: readonly number[], minute: Date): Promise<void> {
  if (streamerChannelIds.length === 0) return;
  const at = sql.timestamp(minute);
  try {
    await pool.query(sql.unsafe`
      UPDATE dm.probe_schedule
      SET next_probe_at = greatest(next_probe_at, ${at} + make_interval(secs => interval_seconds)),
          last_probed_at = greatest(last_probed_at, ${at}),
          updated_at = now()
      WHERE streamer_channel_id = ANY(${sql.array(streamerChannelIds, 'int8')})`);
  } catch (e: unknown) {
    throw mapPgError(e);
  }
}
