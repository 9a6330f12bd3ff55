/**
 * Per-file databases cloned from the run's migrated templates (`CREATE DATABASE … TEMPLATE`),
 * owned by vf_migrator like a migrated one, and dropped after the file.
 */
import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';
import { databaseUrl } from '../pg/databaseUrl.ts';
import { uniqueDatabaseName } from './testDatabaseNames.ts';

/** A database created for one test file. */
export interface TestDatabase {
  name: string;
  /** Superuser URL; use `withPgClient(url, cb, { role })` to act as a product role. */
  url: string;
  drop(): Promise<void>;
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: inject('pgAdminUrl') });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * Creates a database: a clone of the migrated template of `kind`, or an empty one (`'empty'`)
 * for tests that run the migrations themselves.
 */
export async function createTestDatabase(kind: 'dm' | 'env' | 'empty'): Promise<TestDatabase> {
  const name = uniqueDatabaseName(`vf_test_${kind}`);
  const quoted = pg.escapeIdentifier(name);
  const template = kind === 'empty' ? '' : ` TEMPLATE ${pg.escapeIdentifier(inject('pgTemplates')[kind])} OWNER vf_migrator`;
  await adminQuery(`CREATE DATABASE ${quoted}${template}`);
  return {
    name,
    url: databaseUrl(inject('pgAdminUrl'), name),
    drop: () => adminQuery(`DROP DATABASE IF EXISTS ${quoted} WITH (FORCE)`),
  };
}

/**
 * Registers beforeAll/afterAll hooks that give the calling test file its own database.
 * Read `.current` inside tests (it is set once beforeAll ran).
 */
export function useTestDatabase(kind: 'dm' | 'env' | 'empty'): { readonly current: TestDatabase } {
  let db: TestDatabase | undefined;
  beforeAll(async () => {
    db = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await db?.drop();
  });
  return {
    get current(): TestDatabase {
      if (db === undefined) throw new Error('useTestDatabase: the database exists only once beforeAll has run');
      return db;
    },
  };
}
