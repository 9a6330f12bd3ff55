/**
 * The committed schema dumps `sql/postgres/{dm,env}/schema.sql`: build them by migrating
 * fresh databases on a server, and read the committed ones. `npm run db:dump` refreshes them;
 * an integration test fails when they differ from what the migrations produce.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { databaseUrl } from '../databaseUrl.ts';
import { ensureDatabase } from '../ensureDatabase.ts';
import { migrateDm, migrateEnv } from '../migrate/migrateDatabase.ts';
import type { MigrationKind } from '../migrate/migrationFiles.ts';
import { dumpSchema, type DumpScope } from './dumpSchema.ts';

const scopes: Record<MigrationKind, DumpScope> = {
  dm: { schemas: ['dm', 'ingest', 'public', 'vf_migrations'], accessOnlySchemas: ['graphile_worker'] },
  env: { schemas: ['public', 'vf_migrations'], accessOnlySchemas: [] },
};

/** Where the committed dump of `kind` lives. */
export function schemaDumpPath(kind: MigrationKind): string {
  return fileURLToPath(new URL(`../../../../sql/postgres/${kind}/schema.sql`, import.meta.url));
}

/** The committed dump, or '' when there is none yet. */
export function readCommittedDump(kind: MigrationKind): Promise<string> {
  return readFile(schemaDumpPath(kind), 'utf8').catch(() => '');
}

/** Dumps the database at `url` as `kind`, headed by the migrations it has applied. */
export async function dumpDatabase(url: string, kind: MigrationKind): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>('SELECT name FROM vf_migrations.applied ORDER BY name');
    const header = [
      `-- Normalised schema of the ${kind} database, from catalog queries after every migration.`,
      '-- Do not edit: run `npm run db:dump` to refresh it.',
      ...rows.map((r) => `-- migration ${r.name}`),
    ].join('\n');
    return `${header}\n\n${await dumpSchema(client, scopes[kind])}`;
  } finally {
    await client.end();
  }
}

/** Migrates a new, empty database of `kind` on the server of `adminUrl`, dumps it and drops it. */
export async function buildDump(adminUrl: string, kind: MigrationKind): Promise<string> {
  const name = `vf_dump_${kind}_${randomBytes(4).toString('hex')}`;
  await ensureDatabase(adminUrl, name);
  const url = databaseUrl(adminUrl, name);
  try {
    await (kind === 'dm' ? migrateDm(url) : migrateEnv(url));
    return await dumpDatabase(url, kind);
  } finally {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(name)} WITH (FORCE)`).finally(() => admin.end());
  }
}
