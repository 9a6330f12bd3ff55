import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.ts';
import { withPgClient } from '../../testkit/pgClient.ts';
import { useTestDatabase } from '../../testkit/testDatabase.ts';
import { applyMigrations } from './applyMigrations.ts';
import type { MigrationFile } from './migrationFiles.ts';

const first: MigrationFile = { name: '0001_a.sql', sql: 'CREATE TABLE a (id int);', checksum: 'c1' };
const second: MigrationFile = { name: '0002_b.sql', sql: 'CREATE TABLE b (id int);', checksum: 'c2' };

async function codeOf(run: Promise<unknown>): Promise<string> {
  const error = await run.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return (error as AppError).code;
}

describe('applyMigrations', () => {
  const db = useTestDatabase('empty');

  it('applies only what is pending', async () => {
    await withPgClient(db.current.url, async (c) => {
      expect(await applyMigrations(c, [first])).toEqual(['0001_a.sql']);
      expect(await applyMigrations(c, [first, second])).toEqual(['0002_b.sql']);
    });
  });

  it('refuses a migration edited after it was applied', async () => {
    const edited = { ...first, checksum: 'changed' };
    expect(await withPgClient(db.current.url, (c) => codeOf(applyMigrations(c, [edited, second])))).toBe('MIGRATION_CHECKSUM_MISMATCH');
  });

  it('refuses a database that has migrations the code does not know', async () => {
    expect(await withPgClient(db.current.url, (c) => codeOf(applyMigrations(c, [first])))).toBe('MIGRATION_UNKNOWN');
  });

  it('rolls back a failing migration and records nothing', async () => {
    const broken: MigrationFile = { name: '0003_c.sql', sql: 'CREATE TABLE c (id int); SELECT * FROM missing_table;', checksum: 'c3' };
    await withPgClient(db.current.url, async (c) => {
      expect(await codeOf(applyMigrations(c, [first, second, broken]))).toBe('MIGRATION_FAILED');
      const { rows } = await c.query<{ c: string | null; n: string }>(
        "SELECT to_regclass('c')::text AS c, (SELECT count(*) FROM vf_migrations.applied)::text AS n",
      );
      expect(rows[0]).toEqual({ c: null, n: '2' });
    });
  });
});
