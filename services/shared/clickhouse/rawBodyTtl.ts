/**
 * Keeps the column TTL of `vf.raw_events.headers` and `.body` at RAW_BODY_TTL_DAYS.
 *
 * The retention is configuration, not schema: migration 0001 creates the columns with the
 * configured value through its `{{raw_body_ttl_days}}` placeholder, and after every migration run
 * this compares the live table definition with the configured value and, only when they differ,
 * alters both columns. So a re-run with the same value changes nothing, and a new value takes
 * effect at the next `vf migrate clickhouse` or start. ClickHouse then recomputes the TTL of the
 * existing parts (materialize_ttl_after_modify), so a shorter retention also clears old bodies.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import { ClickhouseSetupError } from './clickhouseSetupError.ts';

/** The columns that expire; the metadata columns are kept for ever. */
export const RAW_TTL_COLUMNS = ['headers', 'body'] as const;

/** The TTL expression for `days`, exactly as ClickHouse prints it back in SHOW CREATE TABLE. */
export function rawTtlExpression(days: number): string {
  return `toDateTime(received_at) + toIntervalDay(${days})`;
}

/** Checks `days` before it is written into SQL: a positive whole number of days. */
export function assertRawBodyTtlDays(days: number): void {
  if (!Number.isSafeInteger(days) || days < 1) {
    throw new ClickhouseSetupError('CLICKHOUSE_MIGRATION_INVALID', `rawBodyTtlDays must be a positive whole number of days, got ${days}.`, {
      details: { rawBodyTtlDays: days },
    });
  }
}

/** Aligns the column TTLs with `days`; returns whether anything had to change. */
export async function reconcileRawBodyTtl(client: ClickHouseClient, days: number): Promise<boolean> {
  assertRawBodyTtlDays(days);
  const result = await client.query({
    query: "SELECT create_table_query FROM system.tables WHERE database = 'vf' AND name = 'raw_events'",
    format: 'JSONEachRow',
  });
  const rows = await result.json<{ create_table_query: string }>();
  const definition = rows[0]?.create_table_query;
  if (definition === undefined) throw new Error('vf.raw_events does not exist: run the ClickHouse migrations first.');
  const wanted = `TTL ${rawTtlExpression(days)}`;
  // A column's definition runs from its quoted name up to the next quoted name.
  const stale = RAW_TTL_COLUMNS.filter((column) => !new RegExp(`\`${column}\` [^\`]*`).exec(definition)?.[0].includes(wanted));
  if (stale.length === 0) return false;
  const clauses = RAW_TTL_COLUMNS.map((column) => `MODIFY COLUMN ${column} TTL ${rawTtlExpression(days)}`);
  await client.command({ query: `ALTER TABLE vf.raw_events ${clauses.join(', ')}` });
  return true;
}
