/**
 * vitest globalSetup of the `int` and `e2e` projects: one PostgreSQL 18 per test run (embedded
 * in a temp dir, or TEST_DATABASE_URL), with template databases migrated once, so each test
 * file clones a fresh database in milliseconds (graphile-worker's setup_template_db idea).
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { processEnv } from '../config/processEnv.ts';
import { readTestDatabaseUrl } from '../config/testKitConfig.ts';
import { startEmbeddedPostgres } from '../pg/embedded/embeddedPostgres.ts';
import { ensureDatabase } from '../pg/ensureDatabase.ts';
import { migrateDm, migrateEnv } from '../pg/migrate/migrateDatabase.ts';
import { databaseUrl } from '../pg/databaseUrl.ts';
import { templateNames } from './testDatabaseNames.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A superuser URL (database `postgres`) on the test run's server. */
    pgAdminUrl: string;
    /** Template database names, migrated once per run. */
    pgTemplates: { dm: string; env: string };
  }
}

async function dropDatabases(adminUrl: string, names: readonly string[]): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    for (const name of names) await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/** Starts the server and builds the templates; returns the teardown. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const givenUrl = readTestDatabaseUrl(processEnv());
  let stopServer = async (): Promise<void> => undefined;
  let adminUrl = givenUrl;
  if (adminUrl === null) {
    const dir = await mkdtemp(join(tmpdir(), 'vf-test-pg-'));
    await chmod(dir, 0o755); // run as root, the server is the postgres user and must traverse it
    const server = await startEmbeddedPostgres({ dir: join(dir, 'postgres'), port: 0 });
    adminUrl = server.url('postgres');
    stopServer = async () => {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    };
  }
  const templates = templateNames(process.pid);
  try {
    // Sequential: both runs create the cluster-wide roles on a fresh server.
    await ensureDatabase(adminUrl, templates.dm);
    await migrateDm(databaseUrl(adminUrl, templates.dm));
    await ensureDatabase(adminUrl, templates.env);
    await migrateEnv(databaseUrl(adminUrl, templates.env));
  } catch (e: unknown) {
    await stopServer();
    throw e;
  }
  project.provide('pgAdminUrl', adminUrl);
  project.provide('pgTemplates', templates);
  const url = adminUrl;
  return async () => {
    if (givenUrl !== null) await dropDatabases(url, [templates.dm, templates.env]);
    await stopServer();
  };
}
