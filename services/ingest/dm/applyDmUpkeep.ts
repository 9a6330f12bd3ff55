/**
 * dm upkeep (issue "dm upkeep", DESIGN §8): keeps `dm.streamer_channel`, its slug history and
 * `dm.stream_session` in step with accepted events. Runs inside the accepting transaction, so it
 * is set-based (a handful of statements per batch, none per event) and never fails an acceptance
 * over provider data it cannot store (the pure part drops what the constraints would refuse).
 *
 * Idempotency: applying a batch twice equals applying it once. Ordering: none assumed; late data
 * never overwrites newer data (`event_time` / envelope id decide, see dmObservations.ts).
 */
import { sql, type DatabaseTransactionConnection } from 'slonik';
import { dmObservations, type ChannelObservation, type DmUpkeepEvent, type StreamSessionObservation } from './domain/dmObservations.ts';

export type { DmUpkeepEvent } from './domain/dmObservations.ts';

/** A channel whose slug or display name this batch set (inserted or updated). */
interface ChangedChannel {
  readonly id: string;
  readonly slug: string;
  readonly time: string;
}

function changedChannel(row: unknown): ChangedChannel {
  const r = row as Record<string, unknown>;
  if (typeof r.id !== 'string' || typeof r.slug !== 'string' || typeof r.time !== 'string') {
    throw new Error('dm upkeep: unexpected row from the channel upsert');
  }
  return { id: r.id, slug: r.slug, time: r.time };
}

/**
 * Upserts the observed channels. New channels are untracked. An existing channel changes only when
 * the observation is newer than its `event_time` and says something new: the plain read filters
 * first, because ON CONFLICT DO UPDATE locks the row even when its WHERE is false, and every chat
 * message names its channel; locking it per batch would serialise concurrent acceptances.
 */
async function upsertChannels(tx: DatabaseTransactionConnection, channels: readonly ChannelObservation[]): Promise<ChangedChannel[]> {
  const tuples = channels.map((c) => [c.broadcasterUserId, c.slug, c.displayName, c.time.toISOString()]);
  const rows = await tx.any(sql.unsafe`
    WITH o AS (
      SELECT * FROM ${sql.unnest(tuples, ['int8', 'text', 'text', 'timestamptz'])} AS o(broadcaster_user_id, slug, display_name, observed_at)
    )
    INSERT INTO dm.streamer_channel AS c (kick_broadcaster_user_id, slug, display_name, event_time)
    SELECT o.broadcaster_user_id, o.slug, o.display_name, o.observed_at
    FROM o LEFT JOIN dm.streamer_channel s ON s.kick_broadcaster_user_id = o.broadcaster_user_id
    WHERE s.id IS NULL
       OR ((s.event_time IS NULL OR s.event_time < o.observed_at)
           AND (s.slug <> o.slug OR (o.display_name IS NOT NULL AND s.display_name IS DISTINCT FROM o.display_name)))
    -- Rows are locked in broadcaster order in every batch: concurrent batches cannot deadlock.
    ORDER BY o.broadcaster_user_id
    ON CONFLICT (kick_broadcaster_user_id) DO UPDATE
      SET slug = excluded.slug,
          display_name = COALESCE(excluded.display_name, c.display_name),
          event_time = excluded.event_time,
          updated_at = now()
      -- Re-checked under the row lock: a concurrent batch may have written something newer.
      WHERE c.event_time IS NULL OR c.event_time < excluded.event_time
    RETURNING new.id::text AS id, new.slug, to_json(new.event_time) #>> '{}' AS time`);
  return rows.map(changedChannel);
}

/**
 * Keeps one open slug-history row per changed channel, naming its current slug. A different open
 * slug is closed at the observation time; if it opened at or after that time (written by another
 * path without `event_time`), closing it would break `valid_to > valid_from`, so it is renamed in
 * place. Then channels without an open row get one. The channel rows are locked by the upsert
 * above until commit, so no concurrent batch edits the same history.
 */
async function keepSlugHistory(tx: DatabaseTransactionConnection, changed: readonly ChangedChannel[]): Promise<void> {
  const tuples = changed.map((c) => [c.id, c.slug, c.time]);
  const columns = ['int8', 'text', 'timestamptz'];
  await tx.query(sql.unsafe`
    UPDATE dm.streamer_channel_slug_history h
    SET valid_to = CASE WHEN h.valid_from < c.observed_at THEN c.observed_at END,
        slug = CASE WHEN h.valid_from < c.observed_at THEN h.slug ELSE c.slug END
    FROM ${sql.unnest(tuples, columns)} AS c(channel_id, slug, observed_at)
    WHERE h.streamer_channel_id = c.channel_id AND h.valid_to IS NULL AND h.slug <> c.slug`);
  await tx.query(sql.unsafe`
    INSERT INTO dm.streamer_channel_slug_history (streamer_channel_id, slug, valid_from)
    SELECT c.channel_id, c.slug, c.observed_at
    FROM ${sql.unnest(tuples, columns)} AS c(channel_id, slug, observed_at)
    WHERE NOT EXISTS (
      SELECT 1 FROM dm.streamer_channel_slug_history h WHERE h.streamer_channel_id = c.channel_id AND h.valid_to IS NULL)
    ORDER BY c.channel_id
    ON CONFLICT DO NOTHING`);
}

/**
 * Opens or updates stream sessions keyed by (channel, started_at). The stored row and the new
 * observation merge like `mergeSessions`: the newer one's title and end win when it has them, an
 * end is never cleared, so start and end apply in any order and a repeat changes nothing.
 */
async function upsertSessions(tx: DatabaseTransactionConnection, sessions: readonly StreamSessionObservation[]): Promise<void> {
  const tuples = sessions.map((s) => [s.broadcasterUserId, s.startedAt.toISOString(), s.endedAt?.toISOString() ?? null, s.title, s.time.toISOString(), s.envelopeId]);
  await tx.query(sql.unsafe`
    INSERT INTO dm.stream_session AS s (streamer_channel_id, started_at, ended_at, title, event_time, last_envelope_id)
    SELECT c.id, o.started_at, o.ended_at, o.title, o.observed_at, o.envelope_id
    FROM ${sql.unnest(tuples, ['int8', 'timestamptz', 'timestamptz', 'text', 'timestamptz', 'uuid'])}
      AS o(broadcaster_user_id, started_at, ended_at, title, observed_at, envelope_id)
    JOIN dm.streamer_channel c ON c.kick_broadcaster_user_id = o.broadcaster_user_id
    ORDER BY c.id, o.started_at
    ON CONFLICT (streamer_channel_id, started_at) DO UPDATE
      SET ended_at = CASE WHEN (excluded.event_time, excluded.last_envelope_id) > (s.event_time, s.last_envelope_id)
                          THEN COALESCE(excluded.ended_at, s.ended_at) ELSE COALESCE(s.ended_at, excluded.ended_at) END,
          title = CASE WHEN (excluded.event_time, excluded.last_envelope_id) > (s.event_time, s.last_envelope_id)
                       THEN COALESCE(excluded.title, s.title) ELSE COALESCE(s.title, excluded.title) END,
          event_time = GREATEST(s.event_time, excluded.event_time),
          last_envelope_id = CASE WHEN (excluded.event_time, excluded.last_envelope_id) > (s.event_time, s.last_envelope_id)
                                  THEN excluded.last_envelope_id ELSE s.last_envelope_id END`);
}

/**
 * Applies what a batch of accepted events says about Kick channels and streams, inside the
 * caller's (accepting) transaction: at most four statements whatever the batch size.
 */
export async function applyDmUpkeep(tx: DatabaseTransactionConnection, events: readonly DmUpkeepEvent[]): Promise<void> {
  const { channels, sessions } = dmObservations(events);
  if (channels.length > 0) {
    const changed = await upsertChannels(tx, channels);
    if (changed.length > 0) await keepSlugHistory(tx, changed);
  }
  // After the channel upsert, so a stream event of a new channel finds its channel row.
  if (sessions.length > 0) await upsertSessions(tx, sessions);
}
