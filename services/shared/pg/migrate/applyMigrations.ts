/**
 * Applies pending migrations on one connection: under a session advisory lock (so two
 * migrators never interleave), each file in its own transaction together with its row in
 * `vf_migrations.applied`, after checking that applied files were not edited since.
 */
import type pg from 'pg';
import { AppError, coerceError } from '../../errors.ts';
import type { MigrationFile } from './migrationFiles.ts';

// Any fixed key works; this one spells "vf migr" so it is recognisable in pg_locks.
const advisoryLockKey = '0x7666206d696772';

interface AppliedRow {
  name: string;
  checksum: string;
}

/** Applies what is pending and returns the names applied now (empty when up to date). */
export async function applyMigrations(client: pg.Client, files: readonly MigrationFile[]): Promise<string[]> {
  await client.query(`SELECT pg_advisory_lock(${advisoryLockKey}::bigint)`);
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS vf_migrations;
      CREATE TABLE IF NOT EXISTS vf_migrations.applied (
        name text PRIMARY KEY,
        checksum text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      );`);
    const { rows } = await client.query<AppliedRow>('SELECT name, checksum FROM vf_migrations.applied ORDER BY name');
    const pending = checkApplied(rows, files);
    for (const file of pending) await applyOne(client, file);
    return pending.map((f) => f.name);
  } finally {
    await client.query(`SELECT pg_advisory_unlock(${advisoryLockKey}::bigint)`);
  }
}

function checkApplied(applied: readonly AppliedRow[], files: readonly MigrationFile[]): MigrationFile[] {
  const byName = new Map(files.map((f) => [f.name, f]));
  for (const row of applied) {
    const file = byName.get(row.name);
    if (file === undefined) {
      throw new AppError('MIGRATION_UNKNOWN', `The database has migration ${row.name}, which this code does not know: is the code older than the database?`, {
        details: { migration: row.name },
      });
    }
    if (file.checksum !== row.checksum) {
      throw new AppError('MIGRATION_CHECKSUM_MISMATCH', `Migration ${row.name} changed after it was applied; migrations are append-only, add a new one`, {
        details: { migration: row.name, applied: row.checksum, onDisk: file.checksum },
      });
    }
  }
  const done = new Set(applied.map((r) => r.name));
  return files.filter((f) => !done.has(f.name));
}

async function applyOne(client: pg.Client, file: MigrationFile): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query(file.sql);
    await client.query('INSERT INTO vf_migrations.applied (name, checksum) VALUES ($1, $2)', [file.name, file.checksum]);
    await client.query('COMMIT');
  } catch (e: unknown) {
    await client.query('ROLLBACK');
    throw new AppError('MIGRATION_FAILED', `Migration ${file.name} failed: ${coerceError(e).message}`, { cause: e, details: { migration: file.name } });
  }
}
