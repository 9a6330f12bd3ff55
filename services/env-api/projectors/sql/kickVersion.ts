/**
 * The order of events in the Kick projections (DESIGN §4, §7) and the SQL that applies it.
 *
 * A version is (envelope `time`, `vfreceivedat`, envelope `id`), compared in that order. A row keeps
 * the version of the newest event applied to it in `event_time`, `event_received_at`, `event_id`;
 * `kick_livestreams` also keeps one per group of fields (`status_`, `metadata_`, `title_`: see
 * sql/postgres/env/migrations/0003_kick_projections.sql). An upsert takes a group from the incoming
 * row only when the incoming row carries it (non-null version) and is newer, so the stored state
 * is a function of the set of events applied, never of their arrival order, and re-applying an
 * event changes nothing (equal versions are not newer).
 */
import { sql, type FragmentSqlToken } from 'slonik';
import { eventVersionOf, type EventVersion } from './eventVersion.ts';

/** When an event happened, as the projections order events (eventVersion.ts). */
export type KickVersion = EventVersion;

/** A group of version columns: `''` for the row's own, else the group's column prefix. */
export type KickGroup = '' | 'status_' | 'metadata_' | 'title_';

/** The version of an envelope. */
export const kickVersionOf = eventVersionOf;

/** The version column names of `group`, for an INSERT column list. */
export function versionColumns(group: KickGroup): string[] {
  return [`${group}event_time`, `${group}event_received_at`, `${group}event_id`];
}

/** The values of `version` for {@link versionColumns}, or three typed nulls when the event does not carry the group. */
export function versionValues(version: KickVersion | null): FragmentSqlToken[] {
  if (version === null) return [sql.fragment`NULL::timestamptz`, sql.fragment`NULL::timestamptz`, sql.fragment`NULL::uuid`];
  return [sql.fragment`${version.time}::timestamptz`, sql.fragment`${version.receivedAt}::timestamptz`, sql.fragment`${version.eventId}::uuid`];
}

/**
 * Inside `ON CONFLICT … DO UPDATE` on `table`: the incoming row (`excluded`) carries `group` and is
 * newer than the stored version. A stored version never written (null time) is older than any;
 * null receive time or id (rows from before migration 0003) sort first among equal times.
 */
export function incomingIsNewer(table: string, group: KickGroup): FragmentSqlToken {
  const incoming = (column: string) => sql.identifier(['excluded', `${group}${column}`]);
  const stored = (column: string) => sql.identifier([table, `${group}${column}`]);
  return sql.fragment`(${incoming('event_time')} IS NOT NULL AND (${stored('event_time')} IS NULL OR
    (${incoming('event_time')}, ${incoming('event_received_at')}, ${incoming('event_id')})
    > (${stored('event_time')}, coalesce(${stored('event_received_at')}, '-infinity'),
       coalesce(${stored('event_id')}, '00000000-0000-0000-0000-000000000000'))))`;
}

/**
 * `SET` items that take `columns` and the version columns of `group` from the incoming row when
 * {@link incomingIsNewer}, and keep the stored values otherwise.
 */
export function takeIfNewer(table: string, group: KickGroup, columns: readonly string[]): FragmentSqlToken {
  const newer = incomingIsNewer(table, group);
  const items = [...columns, ...versionColumns(group)].map(
    (column) =>
      sql.fragment`${sql.identifier([column])} = CASE WHEN ${newer} THEN ${sql.identifier(['excluded', column])} ELSE ${sql.identifier([table, column])} END`,
  );
  return sql.fragment`${sql.join(items, sql.fragment`, `)}`;
}
