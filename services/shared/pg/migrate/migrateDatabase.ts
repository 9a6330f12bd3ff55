/**
 * `vf migrate dm` / `vf migrate env` as functions: connect, act as vf_migrator, install
 * graphile-worker's schema (dm only: the worker role then never needs DDL), apply our
 * numbered migrations. Running it again changes nothing.
 */
import pg from 'pg';
import { runMigrations as runGraphileWorkerMigrations } from 'graphile-worker';
import { mapPgError } from '../mapPgError.ts';
import { applyMigrations } from './applyMigrations.ts';
import { readMigrationFiles, type MigrationKind } from './migrationFiles.ts';
import { becomeMigrator, migratorRole } from './migratorSession.ts';

/** What a migration run did. */
export interface MigrateResult {
  kind: MigrationKind;
  /** Our migrations applied by this run, in order; empty when the database was up to date. */
  applied: string[];
}

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, application_name: 'vf-migrate' });
  try {
    await client.connect();
  } catch (e: unknown) {
    await client.end().catch(() => undefined);
    throw mapPgError(e);
  }
  return client;
}

async function installGraphileWorker(url: string): Promise<void> {
  // The startup option makes every connection of graphile-worker's pool act as vf_migrator.
  const pgPool = new pg.Pool({ connectionString: url, max: 1, options: `-c role=${migratorRole}` });
  // An idle client's error (server restart) must not crash the process; the next query fails instead.
  pgPool.on('error', () => undefined);
  pgPool.on('connect', (client) => client.on('error', () => undefined));
  try {
    await runGraphileWorkerMigrations({ pgPool });
  } finally {
    await pgPool.end();
  }
}

async function migrate(url: string, kind: MigrationKind): Promise<MigrateResult> {
  const files = await readMigrationFiles(kind);
  const client = await connect(url);
  try {
    await becomeMigrator(client);
    if (kind === 'dm') await installGraphileWorker(url);
    return { kind, applied: await applyMigrations(client, files) };
  } catch (e: unknown) {
    throw mapPgError(e);
  } finally {
    await client.end();
  }
}

/** Migrates vf-pg-dm (schemas dm, ingest and graphile_worker). */
export function migrateDm(url: string): Promise<MigrateResult> {
  return migrate(url, 'dm');
}

/** Migrates one environment database (its public read model). */
export function migrateEnv(url: string): Promise<MigrateResult> {
  return migrate(url, 'env');
}
