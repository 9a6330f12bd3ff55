/**
 * The database half of `vf channels remove`: find the channel by id or current slug, turn tracking
 * off and disable its probe schedule. Rows are kept (slug history, probes, sessions stay
 * meaningful, and `vf channels add` turns it back on).
 */
import { sql } from 'slonik';
import { AppError } from '../../shared/errors.ts';
import { mapPgError } from '../../shared/pg/mapPgError.ts';
import type { DmPool } from '../../shared/pg/pools.ts';
import { asRow, boolColumn, intColumn, textColumn } from '../poller/rowValues.ts';
import { describeChannelRef, type ChannelRef } from './domain/channelRef.ts';

/** The channel as it was found, before tracking was turned off. */
export interface UntrackedChannel {
  readonly id: number;
  readonly broadcasterUserId: number;
  readonly slug: string;
  /** False when it was not tracked (the command changed nothing in dm). */
  readonly wasTracking: boolean;
}

async function findChannel(pool: DmPool, ref: ChannelRef): Promise<UntrackedChannel> {
  const where = ref.kind === 'slug' ? sql.fragment`lower(slug) = lower(${ref.slug})` : sql.fragment`kick_broadcaster_user_id = ${ref.broadcasterUserId}`;
  // A slug can name two rows (Kick reissued a slug a channel gave up): prefer the tracked one.
  const rows = await pool.any(sql.unsafe`
    SELECT id, kick_broadcaster_user_id, slug, tracking FROM dm.streamer_channel WHERE ${where} ORDER BY tracking DESC, id`);
  const found = rows.map((value) => {
    const row = asRow(value);
    return { id: intColumn(row, 'id'), broadcasterUserId: intColumn(row, 'kick_broadcaster_user_id'), slug: textColumn(row, 'slug'), wasTracking: boolColumn(row, 'tracking') };
  });
  const [first, second] = found;
  if (first === undefined) throw new AppError('CHANNEL_NOT_FOUND', `No channel with ${describeChannelRef(ref)} is known (see vf channels list --all)`, { details: { ref } });
  if (second !== undefined && second.wasTracking === first.wasTracking) {
    throw new AppError('CHANNEL_AMBIGUOUS', `Several channels have ${describeChannelRef(ref)}; name it by broadcaster user id`, {
      details: { broadcasterUserIds: found.map((c) => c.broadcasterUserId) },
    });
  }
  return first;
}

/** Turns tracking off for the channel named by `ref` and disables its probe schedule. */
export async function untrackChannel(pool: DmPool, ref: ChannelRef): Promise<UntrackedChannel> {
  try {
    const channel = await findChannel(pool, ref);
    await pool.transaction(async (tx) => {
      await tx.query(sql.unsafe`
        UPDATE dm.streamer_channel SET tracking = false, tracking_changed_at = now(), updated_at = now()
        WHERE id = ${channel.id} AND tracking`);
      await tx.query(sql.unsafe`
        UPDATE dm.probe_schedule SET enabled = false, updated_at = now() WHERE streamer_channel_id = ${channel.id} AND enabled`);
    });
    return channel;
  } catch (e: unknown) {
    throw mapPgError(e);
  }
}
