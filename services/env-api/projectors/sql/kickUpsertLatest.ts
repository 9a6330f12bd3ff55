/**
 * The upsert most Kick projections share: one row per key, whose every column comes from the
 * newest event (by version, sql/kickVersion.ts) that wrote the key.
 */
import { sql, type QuerySqlToken, type ValueExpression } from 'slonik';
import { incomingIsNewer, versionColumns, versionValues, type KickVersion } from './kickVersion.ts';

/**
 * `INSERT INTO table (row…, version) … ON CONFLICT (key) DO UPDATE SET <every other column> WHERE
 * <incoming newer>`. Idempotent (an equal version is not newer) and order-insensitive (an older
 * event finds a newer row and changes nothing). Column names come from code, never from input.
 */
export function upsertLatest(table: string, key: readonly string[], row: Readonly<Record<string, ValueExpression>>, version: KickVersion): QuerySqlToken {
  const columns = [...Object.keys(row), ...versionColumns('')];
  const values = [...Object.values(row), ...versionValues(version)];
  const updates = columns
    .filter((column) => !key.includes(column))
    .map((column) => sql.fragment`${sql.identifier([column])} = ${sql.identifier(['excluded', column])}`);
  const names = (list: readonly string[]) => sql.join(list.map((column) => sql.identifier([column])), sql.fragment`, `);
  return sql.unsafe`
    INSERT INTO ${sql.identifier([table])} (${names(columns)})
    VALUES (${sql.join(values, sql.fragment`, `)})
    ON CONFLICT (${names(key)}) DO UPDATE SET ${sql.join(updates, sql.fragment`, `)}
    WHERE ${incomingIsNewer(table, '')}`;
}
