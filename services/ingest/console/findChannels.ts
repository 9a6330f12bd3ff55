/**
 * `GET /admin/channels?q=`: channels of `dm.streamer_channel` by broadcaster user id, or by a
 * current or former slug containing `q` (contract schema ChannelSearchResult). The table holds the
 * channels the ingest tier has seen (thousands, not millions), so a scan with `strpos` is fine and
 * needs no escaping of LIKE's wildcards.
 */
import { sql } from 'slonik';
import type { ChannelSearchResult } from '../../../generated/openapi/ingest.schemas.ts';
import { mapPgError } from '../../shared/pg/mapPgError.ts';
import type { DmPool } from '../../shared/pg/pools.ts';
import { num, textOrNull, type Row } from './consoleRows.ts';

/** A broadcaster user id when `q` reads as one (a JavaScript number is exact up to 2^53). */
function idOf(q: string): number | null {
  return /^\d{1,15}$/.test(q) ? Number(q) : null;
}

/** At most `limit` channels matching `q`, exact matches (id or whole slug) first, then by slug. */
export async function findChannels(pool: DmPool, q: string, limit: number): Promise<ChannelSearchResult> {
  const needle = q.trim().toLowerCase();
  const id = idOf(needle);
  let rows: readonly Row[];
  try {
    rows = (await pool.any(sql.unsafe`
      SELECT c.kick_broadcaster_user_id::text AS broadcaster_user_id, c.slug, c.display_name, c.tracking,
             CASE WHEN c.kick_broadcaster_user_id = ${id}::int8 OR strpos(lower(c.slug), ${needle}) > 0 THEN NULL
                  ELSE (SELECT h.slug FROM dm.streamer_channel_slug_history h
                        WHERE h.streamer_channel_id = c.id AND strpos(lower(h.slug), ${needle}) > 0
                        ORDER BY h.valid_from DESC LIMIT 1) END AS matched_slug,
             (c.kick_broadcaster_user_id = ${id}::int8 OR lower(c.slug) = ${needle}) IS TRUE AS exact
      FROM dm.streamer_channel c
      WHERE c.kick_broadcaster_user_id = ${id}::int8
         OR strpos(lower(c.slug), ${needle}) > 0
         OR EXISTS (SELECT 1 FROM dm.streamer_channel_slug_history h WHERE h.streamer_channel_id = c.id AND strpos(lower(h.slug), ${needle}) > 0)
      ORDER BY exact DESC, lower(c.slug), c.id
      LIMIT ${limit}`)) as readonly Row[];
  } catch (e: unknown) {
    throw mapPgError(e);
  }
  return {
    items: rows.map((row) => ({
      broadcasterUserId: num(row, 'broadcaster_user_id'),
      slug: String(row.slug),
      displayName: textOrNull(row, 'display_name'),
      tracking: row.tracking === true,
      matchedSlug: textOrNull(row, 'matched_slug'),
    })),
  };
}
