/**
 * `vf migrate dm|env|clickhouse|all`: schema migrations, each database kind by its own command
 * (DESIGN §8). Every run is idempotent: a second one reports "up to date".
 */
import { databaseUrl } from '../../shared/pg/databaseUrl.ts';
import type { Command } from 'commander';
import type { Config } from '../../shared/config/loadConfig.ts';
import { createClickhouseClient } from '../../shared/clickhouse/createClickhouseClient.ts';
import { runClickhouseMigrations } from '../../shared/clickhouse/migrations.ts';
import { localDatabases, startLocalPostgres } from '../../shared/pg/localPostgres.ts';
import { migrateDm, migrateEnv } from '../../shared/pg/migrate/migrateDatabase.ts';
import { readRuntimeFile } from '../../shared/runtime/runtimeFile.ts';
import type { CliContext, CliIo } from '../cliContext.ts';
import { dmTarget, envTargets, type DatabaseTarget } from '../databaseTargets.ts';

function report(io: CliIo, label: string, applied: readonly string[]): void {
  io.out(applied.length === 0 ? `${label}: up to date` : `${label}: applied ${applied.join(', ')}`);
}

async function migrateTargets(io: CliIo, dm: DatabaseTarget | null, envs: readonly DatabaseTarget[]): Promise<void> {
  if (dm !== null) report(io, dm.label, (await migrateDm(dm.url)).applied);
  for (const env of envs) report(io, env.label, (await migrateEnv(env.url)).applied);
}

async function migrateClickhouse(io: CliIo, config: Config<'local'>): Promise<void> {
  const clickhouse = await createClickhouseClient({ url: config.clickhouseUrl, dataDir: config.dataDir });
  try {
    const { applied } = await runClickhouseMigrations(clickhouse.client, { rawBodyTtlDays: config.rawBodyTtlDays });
    report(io, clickhouse.embedded ? 'clickhouse (embedded)' : 'clickhouse (CLICKHOUSE_URL)', applied);
  } finally {
    await clickhouse.close();
  }
}

/**
 * The local default: DM_DATABASE_URL and ENV_DATABASE_URL_<NAME> when set; else the running
 * stack's server; else an embedded server started (and stopped) by this command.
 */
async function migrateAll(io: CliIo, config: Config<'local'>): Promise<void> {
  if (config.dmDatabaseUrl !== null) {
    const envs = Object.entries(config.envDatabaseUrls).map(([name, url]) => ({ label: `env ${name} (ENV_DATABASE_URL_${name.toUpperCase()})`, url }));
    await migrateTargets(io, { label: 'dm (DM_DATABASE_URL)', url: config.dmDatabaseUrl }, envs);
  } else {
    const running = await readRuntimeFile(config.dataDir);
    const server = running === null ? await startLocalPostgres({ dataDir: config.dataDir, announce: false }) : null;
    try {
      const serverUrl = running?.postgres.url ?? server?.url('postgres') ?? '';
      const where = running === null ? 'embedded' : 'running stack';
      const envs = Object.entries(localDatabases.envs).map(([name, db]) => ({ label: `env ${name} (${db}, ${where})`, url: databaseUrl(serverUrl, db) }));
      await migrateTargets(io, { label: `dm (${localDatabases.dm}, ${where})`, url: databaseUrl(serverUrl, localDatabases.dm) }, envs);
    } finally {
      await server?.stop();
    }
  }
  await migrateClickhouse(io, config);
}

/** Registers `vf migrate …`. */
export function registerMigrateCommands(program: Command, context: CliContext): void {
  const migrate = program.command('migrate').description('apply schema migrations (re-running changes nothing)');
  migrate
    .command('dm')
    .description('migrate vf-pg-dm (DM_DATABASE_URL): dm, ingest and graphile-worker schemas')
    .action(async () => migrateTargets(context.io, await dmTarget(context.config()), []));
  migrate
    .command('env')
    .description("migrate an environment's database (DATABASE_URL)")
    .option('--env <name>', 'environment name (ENV_DATABASE_URL_<NAME>, or its database on the running stack)')
    .action(async (options: { env?: string }) => migrateTargets(context.io, null, await envTargets(context.config(), options.env)));
  migrate
    .command('clickhouse')
    .description('migrate ClickHouse (CLICKHOUSE_URL, else the embedded engine under VF_DATA_DIR)')
    .action(async () => migrateClickhouse(context.io, context.config()));
  migrate
    .command('all')
    .description('migrate the local default: vf_dm, vf_stage, vf_production and ClickHouse')
    .action(async () => migrateAll(context.io, context.config()));
}
