import { describe, expect, it } from 'vitest';
import { withPgClient } from '../../testkit/pgClient.ts';
import { useTestDatabase } from '../../testkit/testDatabase.ts';
import { dumpDatabase, readCommittedDump } from '../dump/schemaDumps.ts';
import { migrateDm, migrateEnv } from './migrateDatabase.ts';
import { readMigrationFiles } from './migrationFiles.ts';

const refreshHint = 'The schema dump differs from what the migrations produce: run `npm run db:dump` and commit sql/postgres/*/schema.sql.';

describe.each([
  { kind: 'dm' as const, migrate: migrateDm },
  { kind: 'env' as const, migrate: migrateEnv },
])('migrate $kind', ({ kind, migrate }) => {
  const db = useTestDatabase('empty');

  it('applies every migration to an empty PostgreSQL 18 database, in order', async () => {
    const version = await withPgClient(db.current.url, async (c) => (await c.query<{ v: string }>("SELECT current_setting('server_version_num') AS v")).rows[0]?.v);
    expect(Number(version)).toBeGreaterThanOrEqual(180_000);
    const files = await readMigrationFiles(kind);
    const result = await migrate(db.current.url);
    expect(result.applied).toEqual(files.map((f) => f.name));
  });

  it('changes nothing when run again', async () => {
    const before = await dumpDatabase(db.current.url, kind);
    const again = await migrate(db.current.url);
    expect(again.applied).toEqual([]);
    expect(await dumpDatabase(db.current.url, kind)).toBe(before);
  });

  it('produces the committed schema dump', async () => {
    const dump = await dumpDatabase(db.current.url, kind);
    expect(dump, refreshHint).toBe(await readCommittedDump(kind));
  });

  it('leaves every object owned by vf_migrator', async () => {
    const owners = await withPgClient(db.current.url, async (c) =>
      (await c.query<{ owner: string }>(
        `SELECT DISTINCT pg_get_userbyid(c.relowner) AS owner FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname IN ('dm', 'ingest', 'graphile_worker', 'public', 'vf_migrations')`,
      )).rows.map((r) => r.owner),
    );
    expect(owners).toEqual(['vf_migrator']);
  });
});
