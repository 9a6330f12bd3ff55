/**
 * The normalised schema dump of the `vf` database, committed as `sql/clickhouse/vf/schema.sql`
 * and compared by a test after applying every migration to an empty engine (STYLE.md drift
 * gates): a reviewer reads the resulting schema in one place, and a migration that does not
 * produce the committed schema fails CI.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClickHouseClient } from '@clickhouse/client';
import { createClickhouseClient } from '../createClickhouseClient.ts';
import { CLICKHOUSE_MIGRATIONS_DIR, runClickhouseMigrations } from '../migrations.ts';

/** Where the dump is committed. */
export const CLICKHOUSE_SCHEMA_FILE = join(CLICKHOUSE_MIGRATIONS_DIR, 'schema.sql');

const HEADER = [
  '-- The vf database after every migration in this folder, one SHOW CREATE TABLE per table in name order.',
  '-- The raw body TTL is configuration (RAW_BODY_TTL_DAYS), shown as {{raw_body_ttl_days}}.',
  '-- Do not edit: refresh with `npm run db:dump:clickhouse`.',
  '',
].join('\n');

/** `SHOW CREATE TABLE` of every table and view in `vf`, in name order, normalised. */
export async function dumpClickhouseSchema(client: ClickHouseClient): Promise<string> {
  const tables = await client.query({ query: "SELECT name FROM system.tables WHERE database = 'vf' ORDER BY name", format: 'JSONEachRow' });
  const statements: string[] = [];
  for (const { name } of await tables.json<{ name: string }>()) {
    const shown = await client.query({ query: `SHOW CREATE TABLE vf.\`${name}\``, format: 'JSONEachRow' });
    const [row] = await shown.json<{ statement: string }>();
    if (row === undefined) throw new Error(`SHOW CREATE TABLE vf.${name} returned nothing.`);
    statements.push(`${normalise(row.statement)};\n`);
  }
  return `${HEADER}\n${statements.join('\n')}`;
}

/** Applies every migration to a fresh embedded engine in a temp dir and dumps its schema. */
export async function migratedSchemaDump(): Promise<string> {
  const dataDir = await mkdtemp(join(tmpdir(), 'vf-clickhouse-schema-'));
  try {
    const clickhouse = await createClickhouseClient({ dataDir });
    try {
      // Any value works: the dump shows the TTL as a placeholder.
      await runClickhouseMigrations(clickhouse.client, { rawBodyTtlDays: 365 });
      return await dumpClickhouseSchema(clickhouse.client);
    } finally {
      await clickhouse.close();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

function normalise(statement: string): string {
  return statement
    .replace(/(TTL toDateTime\(received_at\) \+ toIntervalDay\()\d+\)/g, '$1{{raw_body_ttl_days}})')
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .trim();
}
