/**
 * The local stack's PostgreSQL databases, migrated: the servers named by DM_DATABASE_URL and
 * ENV_DATABASE_URL_<NAME> when they are set, else the embedded server under VF_DATA_DIR with
 * `vf_dm`, `vf_stage` and `vf_production` (announced in runtime.json). Migrating is what
 * `vf migrate all` does; the roles themselves never migrate.
 */
import { join } from 'node:path';
import { sql } from 'slonik';
import type { Config } from '../../shared/config/loadConfig.ts';
import { AppError } from '../../shared/errors.ts';
import type { Logger } from '../../shared/logging/createLogger.ts';
import { databaseUrl } from '../../shared/pg/databaseUrl.ts';
import type { EmbeddedPostgres } from '../../shared/pg/embedded/embeddedPostgres.ts';
import { localDatabases } from '../../shared/pg/localPostgres.ts';
import { migrateDm, migrateEnv } from '../../shared/pg/migrate/migrateDatabase.ts';
import { createDmPool } from '../../shared/pg/pools.ts';
import { releaseEmbeddedPostgresSignals, startStackPostgres, stopEmbeddedServer } from './embeddedPostgresProcess.ts';

/** The local environments, in start order. */
export const localEnvironmentNames = Object.keys(localDatabases.envs);

/** Where each role connects. */
export interface StackDatabases {
  /** The embedded server, or null when the configured servers are used. */
  readonly embedded: EmbeddedPostgres | null;
  /** vf-pg-dm for the ingest role. */
  readonly dmUrl: string;
  /** vf-pg-dm as the environments may read it. */
  readonly dmReadUrl: string;
  /** Each environment's database, by name. */
  readonly envUrls: Readonly<Record<string, string>>;
  /** Stops the embedded server (removing runtime.json); nothing for configured servers. */
  stop(): Promise<void>;
}

/**
 * `url` acting as `role` from its first statement: the embedded server has one superuser login,
 * and the roles' NOLOGIN grants (sql/postgres/roles.sql) are then what each role may do, as in
 * production.
 */
export function asRole(url: string, role: string): string {
  const u = new URL(url);
  u.searchParams.set('options', `-c role=${role}`);
  return u.href;
}

function configuredUrls(config: Config<'local'>): { dm: string; envs: Record<string, string> } | null {
  const envs = Object.fromEntries(localEnvironmentNames.flatMap((name) => (config.envDatabaseUrls[name] === undefined ? [] : [[name, config.envDatabaseUrls[name]]])));
  const given = [config.dmDatabaseUrl !== null, ...localEnvironmentNames.map((name) => envs[name] !== undefined)];
  if (given.every((set) => !set)) return null;
  if (config.dmDatabaseUrl === null || given.some((set) => !set)) {
    const variables = ['DM_DATABASE_URL', ...localEnvironmentNames.map((name) => `ENV_DATABASE_URL_${name.toUpperCase()}`)];
    throw new AppError('STACK_DATABASES_PARTIAL', `npm start uses either the embedded PostgreSQL or your servers: set all of ${variables.join(', ')}, or none of them`, { details: { variables } });
  }
  return { dm: config.dmDatabaseUrl, envs };
}

async function migrateAll(dm: string, envs: Readonly<Record<string, string>>, logger: Logger): Promise<void> {
  const applied = { dm: (await migrateDm(dm)).applied, ...Object.fromEntries(await Promise.all(Object.entries(envs).map(async ([name, url]) => [name, (await migrateEnv(url)).applied]))) };
  logger.info({ applied }, 'PostgreSQL migrations applied');
}

/**
 * graphile-worker locks a running job, and its named queue, with the id of the worker pool that
 * took it, and frees the locks of a pool that died only after 4 hours: after a crash (kill -9,
 * power loss) the raw sink and every target's fan-out would wait that long. The embedded server
 * is this process's alone (it just started it, after stopping one left by a crash), so any lock in
 * it belongs to a stack that is gone: free them all before the ingest role starts its worker.
 * Jobs that were running are retried; configured servers may be shared, so they are left alone.
 */
async function releaseDeadWorkerLocks(dmUrl: string, logger: Logger): Promise<void> {
  const pool = await createDmPool(dmUrl, { maximumPoolSize: 1 });
  try {
    const workers = await pool.anyFirst(sql.unsafe`
      SELECT locked_by FROM graphile_worker._private_jobs WHERE locked_by IS NOT NULL
      UNION SELECT locked_by FROM graphile_worker._private_job_queues WHERE locked_by IS NOT NULL`);
    if (workers.length === 0) return;
    await pool.query(sql.unsafe`SELECT graphile_worker.force_unlock_workers(${sql.array(workers.map(String), 'text')})`);
    logger.warn({ workers }, 'freed the jobs and queues a stack that did not stop cleanly had locked');
  } finally {
    await pool.end();
  }
}

/** Opens (and migrates) the databases of the local stack. */
export async function openStackDatabases(config: Config<'local'>, logger: Logger): Promise<StackDatabases> {
  const configured = configuredUrls(config);
  if (configured !== null) {
    logger.info('using the PostgreSQL servers of DM_DATABASE_URL and ENV_DATABASE_URL_<NAME>');
    await migrateAll(configured.dm, configured.envs, logger);
    return { embedded: null, dmUrl: configured.dm, dmReadUrl: configured.dm, envUrls: configured.envs, stop: async () => undefined };
  }
  await releaseEmbeddedPostgresSignals();
  logger.info({ dir: join(config.dataDir, 'postgres') }, 'starting the embedded PostgreSQL');
  const server = await startStackPostgres(config.dataDir, logger);
  const stop = (): Promise<void> => stopEmbeddedServer(server.stop, server.dir);
  try {
    logger.info({ port: server.port }, 'embedded PostgreSQL running');
    if (server.recovered === 'stopped') logger.warn({ dir: server.dir }, 'stopped a PostgreSQL left running by a stack that did not stop cleanly');
    const superuser = (database: string): string => databaseUrl(server.url('postgres'), database);
    const envs = Object.fromEntries(Object.entries(localDatabases.envs).map(([name, database]) => [name, superuser(database)]));
    await migrateAll(superuser(localDatabases.dm), envs, logger);
    await releaseDeadWorkerLocks(superuser(localDatabases.dm), logger);
    return {
      embedded: server,
      dmUrl: asRole(superuser(localDatabases.dm), 'vf_ingest'),
      dmReadUrl: asRole(superuser(localDatabases.dm), 'vf_env'),
      envUrls: Object.fromEntries(Object.entries(envs).map(([name, url]) => [name, asRole(url, 'vf_env')])),
      stop,
    };
  } catch (e: unknown) {
    await stop();
    throw e;
  }
}
