/**
 * The upsert behind `kick_livestreams` (one row per broadcaster), shared by
 * `livestream.status.updated` and `livestream.metadata.updated`. The two types write different
 * groups of fields and each group keeps the version of the event that last wrote it
 * (sql/postgres/env/migrations/0003_kick_projections.sql):
 * - status: is_live, started_at, ended_at (status events only);
 * - metadata: language, has_mature_content, category_id, category_name (metadata events only);
 * - title: from whichever type carried a title last.
 * So a metadata update never touches the live status, a late status event never overwrites a
 * newer title, and the row depends only on the set of events applied (sql/kickVersion.ts).
 * A group is replaced whole by a newer event: a field the newer event lacks becomes null.
 */
import { sql, type FragmentSqlToken, type QuerySqlToken } from 'slonik';
import { incomingIsNewer, takeIfNewer, versionColumns, versionValues, type KickGroup, type KickVersion } from './kickVersion.ts';

/** What a status event says. */
export interface LivestreamStatus {
  readonly isLive: boolean;
  readonly startedAt: string | null;
  readonly endedAt: string | null;
}

/** What a metadata event says (besides the title). */
export interface LivestreamMetadata {
  readonly language: string | null;
  readonly hasMatureContent: boolean | null;
  readonly categoryId: number | null;
  readonly categoryName: string | null;
}

/** One event's facts: the groups it carries (null: not carried). */
export interface LivestreamFacts {
  readonly status: LivestreamStatus | null;
  readonly metadata: LivestreamMetadata | null;
  readonly title: string | null;
}

const TABLE = 'kick_livestreams';
const STATUS_COLUMNS = ['is_live', 'started_at', 'ended_at'];
const METADATA_COLUMNS = ['language', 'has_mature_content', 'category_id', 'category_name'];

/** The upsert of one event's facts about `broadcasterUserId`'s stream. */
export function upsertLivestream(broadcasterUserId: number, facts: LivestreamFacts, version: KickVersion): QuerySqlToken {
  const { status, metadata, title } = facts;
  const groups: { group: KickGroup; carried: boolean; columns: string[]; values: FragmentSqlToken[] }[] = [
    {
      group: 'status_',
      carried: status !== null,
      columns: STATUS_COLUMNS,
      // is_live is NOT NULL: a row first written by a metadata event says "not live" until a
      // status event (whose group version is still null, so any status event wins) says otherwise.
      values: [
        sql.fragment`${status?.isLive ?? false}`,
        sql.fragment`${status?.startedAt ?? null}::timestamptz`,
        sql.fragment`${status?.endedAt ?? null}::timestamptz`,
      ],
    },
    {
      group: 'metadata_',
      carried: metadata !== null,
      columns: METADATA_COLUMNS,
      values: [
        sql.fragment`${metadata?.language ?? null}::text`,
        sql.fragment`${metadata?.hasMatureContent ?? null}::boolean`,
        sql.fragment`${metadata?.categoryId ?? null}::bigint`,
        sql.fragment`${metadata?.categoryName ?? null}::text`,
      ],
    },
    { group: 'title_', carried: title !== null, columns: ['title'], values: [sql.fragment`${title}::text`] },
    { group: '', carried: true, columns: [], values: [] },
  ];
  const columns = ['broadcaster_user_id', ...groups.flatMap((g) => [...g.columns, ...versionColumns(g.group)])];
  const values = [
    sql.fragment`${broadcasterUserId}`,
    ...groups.flatMap((g) => [...g.values, ...versionValues(g.carried ? version : null)]),
  ];
  const sets = groups.map((g) => takeIfNewer(TABLE, g.group, g.columns));
  const anyNewer = groups.filter((g) => g.carried).map((g) => incomingIsNewer(TABLE, g.group));
  return sql.unsafe`
    INSERT INTO kick_livestreams (${sql.join(columns.map((c) => sql.identifier([c])), sql.fragment`, `)})
    VALUES (${sql.join(values, sql.fragment`, `)})
    ON CONFLICT (broadcaster_user_id) DO UPDATE SET ${sql.join(sets, sql.fragment`, `)}
    WHERE ${sql.join(anyNewer, sql.fragment` OR `)}`;
}
