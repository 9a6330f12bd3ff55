/**
 * The ClickHouse migration runner (`vf migrate clickhouse`, and every start that owns the
 * store): applies the numbered files of `sql/clickhouse/vf/` in order, records each in
 * `vf.schema_migrations`, then aligns the raw body TTL with the configuration.
 *
 * Idempotency: a second run applies nothing (`applied: []`). An applied file whose checksum has
 * changed is an error naming it: migrations are append-only, write a new file instead.
 * See migrationFiles.ts for the file format and migrationLedger.ts for concurrent runs.
 */
import { fileURLToPath } from 'node:url';
import type { ClickHouseClient } from '@clickhouse/client';
import { coerceError } from '../errors.ts';
import { ClickhouseSetupError } from './clickhouseSetupError.ts';
import { fillPlaceholders, loadClickhouseMigrations, splitStatements } from './migrationFiles.ts';
import { ensureMigrationLedger, readMigrationLedger, recordMigration } from './migrationLedger.ts';
import { assertRawBodyTtlDays, reconcileRawBodyTtl } from './rawBodyTtl.ts';

/** The committed migrations of the `vf` database. */
export const CLICKHOUSE_MIGRATIONS_DIR = fileURLToPath(new URL('../../../sql/clickhouse/vf/', import.meta.url));

/** Options of {@link runClickhouseMigrations}. */
export interface ClickhouseMigrationOptions {
  /** RAW_BODY_TTL_DAYS: how long `vf.raw_events` keeps headers and bodies. */
  rawBodyTtlDays: number;
  /** Where the numbered files are; defaults to {@link CLICKHOUSE_MIGRATIONS_DIR}. */
  directory?: string;
}

/**
 * Applies the pending migrations and returns their file names in the order applied.
 *
 * @throws ClickhouseSetupError `CLICKHOUSE_MIGRATION_CHANGED` when an applied file was edited,
 *   `CLICKHOUSE_MIGRATION_INVALID` for a malformed folder or option,
 *   `CLICKHOUSE_MIGRATION_FAILED` when a statement fails (later files are not attempted).
 */
export async function runClickhouseMigrations(
  client: ClickHouseClient,
  options: ClickhouseMigrationOptions,
): Promise<{ applied: string[] }> {
  assertRawBodyTtlDays(options.rawBodyTtlDays);
  const placeholders = { raw_body_ttl_days: String(options.rawBodyTtlDays) };
  const migrations = await loadClickhouseMigrations(options.directory ?? CLICKHOUSE_MIGRATIONS_DIR);
  await ensureMigrationLedger(client);
  const ledger = await readMigrationLedger(client);
  const applied: string[] = [];
  for (const migration of migrations) {
    const done = ledger.get(migration.version);
    if (done !== undefined) {
      if (done.checksum !== migration.checksum) {
        throw new ClickhouseSetupError(
          'CLICKHOUSE_MIGRATION_CHANGED',
          `ClickHouse migration ${migration.name} was changed after it was applied (as ${done.name}); ` +
            'applied migrations are append-only: restore the file and add a new numbered migration.',
          { details: { file: migration.name, appliedChecksum: done.checksum, fileChecksum: migration.checksum } },
        );
      }
      continue;
    }
    for (const statement of splitStatements(migration.text)) {
      const query = fillPlaceholders(statement, placeholders, migration.name);
      try {
        await client.command({ query });
      } catch (e: unknown) {
        throw new ClickhouseSetupError('CLICKHOUSE_MIGRATION_FAILED', `ClickHouse migration ${migration.name} failed: ${coerceError(e).message}`, {
          details: { file: migration.name },
          cause: e,
        });
      }
    }
    await recordMigration(client, { version: migration.version, name: migration.name, checksum: migration.checksum });
    applied.push(migration.name);
  }
  await reconcileRawBodyTtl(client, options.rawBodyTtlDays);
  return { applied };
}
