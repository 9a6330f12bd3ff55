/**
 * The order of Sumsub events in the KYC projections (DESIGN §4, §7) and the SQL that applies it.
 *
 * A version is (envelope `time` = Sumsub `createdAtMs`, `vfreceivedat`, envelope `id`), compared in
 * that order. The row of a table keeps the version of the newest event applied to it in
 * `event_time`, `event_received_at`, `event_id`; each group of fields (sql/postgres/env/migrations/
 * 0004_kyc_projections.sql) keeps the version of the event that last wrote it in
 * `<group>_event_time`, `<group>_event_received_at`, `<group>_event_id`. An upsert takes a group from
 * the incoming row only when the incoming row carries it (non-null version) and is newer, so the
 * stored state depends on the set of events applied, never on their arrival order.
 */
import { sql, type FragmentSqlToken, type ListSqlToken } from 'slonik';
import { eventVersionOf, type EventVersion } from './eventVersion.ts';

/** When an event happened, as the projections order events (eventVersion.ts). */
export type KycVersion = EventVersion;

/** The version of an envelope. */
export const kycVersionOf = eventVersionOf;

/** A version group: `''` for the row's own columns, else the group's column prefix. */
export type KycGroup = '' | 'status_' | 'verdict_' | 'level_';

/** The three values of a version for an INSERT, or three nulls when the event does not carry the group. */
export function kycVersionValues(version: KycVersion | null): FragmentSqlToken {
  if (version === null) return sql.fragment`NULL::timestamptz, NULL::timestamptz, NULL::uuid`;
  return sql.fragment`${version.time}::timestamptz, ${version.receivedAt}::timestamptz, ${version.eventId}::uuid`;
}

/** The three version column names of a group, for an INSERT column list. */
export function kycVersionColumns(group: KycGroup): ListSqlToken {
  return sql.join(
    ['event_time', 'event_received_at', 'event_id'].map((column) => sql.identifier([`${group}${column}`])),
    sql.fragment`, `,
  );
}

/**
 * Inside `ON CONFLICT … DO UPDATE` on `table`: the incoming row (`excluded`) carries `group` and its
 * version is newer than the stored one. A stored version that was never written (null time) is
 * older than any; a null stored receive time (rows from before 0004) sorts first among equal times.
 */
export function kycIncomingIsNewer(table: string, group: KycGroup): FragmentSqlToken {
  const incoming = (column: string) => sql.identifier(['excluded', `${group}${column}`]);
  const stored = (column: string) => sql.identifier([table, `${group}${column}`]);
  return sql.fragment`(${incoming('event_time')} IS NOT NULL AND (${stored('event_time')} IS NULL OR
    (${incoming('event_time')}, ${incoming('event_received_at')}, ${incoming('event_id')})
    > (${stored('event_time')}, coalesce(${stored('event_received_at')}, '-infinity'), ${stored('event_id')})))`;
}

/**
 * `SET` items that take `columns` and the group's version columns from the incoming row when
 * {@link kycIncomingIsNewer}, and keep the stored values otherwise.
 */
export function kycTakeIfNewer(table: string, group: KycGroup, columns: readonly string[]): ListSqlToken {
  const newer = kycIncomingIsNewer(table, group);
  const all = [...columns, `${group}event_time`, `${group}event_received_at`, `${group}event_id`];
  return sql.join(
    all.map((column) => {
      const target = sql.identifier([column]);
      return sql.fragment`${target} = CASE WHEN ${newer} THEN ${sql.identifier(['excluded', column])} ELSE ${sql.identifier([table, column])} END`;
    }),
    sql.fragment`, `,
  );
}

/**
 * `SET` items for fields that do not change for an applicant (ids, sandbox): a newer row brings its
 * value when it carries one, an older row only fills a gap.
 */
export function kycFillGaps(table: string, columns: readonly string[]): ListSqlToken {
  const newer = kycIncomingIsNewer(table, '');
  return sql.join(
    columns.map((column) => {
      const incoming = sql.identifier(['excluded', column]);
      const stored = sql.identifier([table, column]);
      return sql.fragment`${sql.identifier([column])} = CASE WHEN ${newer} THEN coalesce(${incoming}, ${stored}) ELSE coalesce(${stored}, ${incoming}) END`;
    }),
    sql.fragment`, `,
  );
}

/** True inside `DO UPDATE` when an older row would fill one of `columns` that is still null. */
export function kycFillsAGap(table: string, columns: readonly string[]): ListSqlToken {
  return sql.join(
    columns.map((column) => sql.fragment`(${sql.identifier([table, column])} IS NULL AND ${sql.identifier(['excluded', column])} IS NOT NULL)`),
    sql.fragment` OR `,
  );
}
