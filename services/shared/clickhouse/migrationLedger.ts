/**
 * `vf.schema_migrations`: which ClickHouse migrations have run, with the checksum of each file
 * as it was applied. The runner creates it itself, before reading the numbered files.
 *
 * ClickHouse has no transactions or locks, so two processes migrating at once may both apply a
 * file (its statements are idempotent) and both record it: ReplacingMergeTree keyed by version
 * collapses such duplicates, and reads use FINAL.
 */
import type { ClickHouseClient } from '@clickhouse/client';

/** A migration recorded as applied. */
export interface AppliedMigration {
  version: number;
  name: string;
  checksum: string;
}

const LEDGER_DDL = `
CREATE TABLE IF NOT EXISTS vf.schema_migrations
(
    version UInt32,
    name String,
    checksum String,
    applied_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree
ORDER BY version`;

/** Creates the `vf` database and the ledger when missing. */
export async function ensureMigrationLedger(client: ClickHouseClient): Promise<void> {
  await client.command({ query: 'CREATE DATABASE IF NOT EXISTS vf' });
  await client.command({ query: LEDGER_DDL });
}

/** The applied migrations by version. */
export async function readMigrationLedger(client: ClickHouseClient): Promise<Map<number, AppliedMigration>> {
  const result = await client.query({
    query: 'SELECT version, name, checksum FROM vf.schema_migrations FINAL ORDER BY version',
    format: 'JSONEachRow',
  });
  const rows: unknown[] = await result.json();
  return new Map(rows.map(toApplied).map((row) => [row.version, row]));
}

/** Records `migration` as applied now. */
export async function recordMigration(client: ClickHouseClient, migration: AppliedMigration): Promise<void> {
  await client.insert({ table: 'vf.schema_migrations', values: [migration], format: 'JSONEachRow' });
}

function toApplied(row: unknown): AppliedMigration {
  if (typeof row === 'object' && row !== null && 'version' in row && 'name' in row && 'checksum' in row) {
    const { version, name, checksum } = row;
    if (typeof version === 'number' && typeof name === 'string' && typeof checksum === 'string') return { version, name, checksum };
  }
  throw new Error(`vf.schema_migrations returned an unexpected row: ${JSON.stringify(row)}`);
}
