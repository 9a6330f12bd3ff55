/**
 * Per-file databases cloned from the run's migrated templates (`CREATE DATABASE … TEMPLATE`),
 * owned by vf_migrator like a migrated one, and dropped after the file. A connection still open
 * to the file's database when the file ends is a leaked pool, client or graphile worker: the file
 * fails, naming it, instead of the drop closing it silently (STYLE: tests fail on leaks).
 */
import { setTimeout as sleep } from 'node:timers/promises';
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

async function adminQuery<Row extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, values: unknown[] = []): Promise<Row[]> {
  const client = new pg.Client({ connectionString: inject('pgAdminUrl') });
  await client.connect();
  try {
    return (await client.query<Row>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

/** How long a closing pool may take to let go of its connections before it counts as leaked. */
const LEAK_GRACE_MS = 3_000;

interface OpenConnection {
  readonly usename: string | null;
  readonly application_name: string;
  readonly state: string | null;
  readonly query: string;
}

/** Connections to `name` from clients other than the test kit, once the grace period is over. */
async function leakedConnections(name: string): Promise<OpenConnection[]> {
  const deadline = Date.now() + LEAK_GRACE_MS;
  for (;;) {
    const open = await adminQuery<OpenConnection>(
      `SELECT usename, application_name, state, left(query, 120) AS query FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid() AND backend_type = 'client backend'`,
      [name],
    );
    if (open.length === 0 || Date.now() > deadline) return open;
    await sleep(100);
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
    drop: async () => {
      await adminQuery(`DROP DATABASE IF EXISTS ${quoted} WITH (FORCE)`);
    },
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
    if (db === undefined) return;
    const leaked = await leakedConnections(db.name);
    await db.drop();
    if (leaked.length > 0) {
      const list = leaked.map((c) => `${c.usename ?? '?'} ${c.application_name || '(no application_name)'} ${c.state ?? ''}: ${c.query}`).join('\n  ');
      throw new Error(`${leaked.length} connection(s) to ${db.name} were still open when the test file ended (a pool, client or worker not closed):\n  ${list}`);
    }
  });
  return {
    get current(): TestDatabase {
      if (db === undefined) throw new Error('useTestDatabase: the database exists only once beforeAll has run');
      return db;
    },
  };
}
