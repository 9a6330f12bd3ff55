/**
 * `npm start`'s whole data plane in one process (DESIGN §10): PostgreSQL (embedded, or the
 * configured servers) and ClickHouse (CLICKHOUSE_URL, or the embedded chdb opened once here and
 * shared by every role), migrated; the stage and production environment roles; the ingest role
 * with its fan-out to them. Each role is configured through its own production schema from
 * variables built out of the local configuration and the local secrets (localRoleEnv.ts).
 */
import { resolve } from 'node:path';
import { createClickhouseClient } from '../../shared/clickhouse/createClickhouseClient.ts';
import { runClickhouseMigrations } from '../../shared/clickhouse/migrations.ts';
import { loadConfig, type Config } from '../../shared/config/loadConfig.ts';
import { AppError, coerceError } from '../../shared/errors.ts';
import type { Logger } from '../../shared/logging/createLogger.ts';
import { pickFreePort } from '../../shared/pg/embedded/freePort.ts';
import { loadOrCreateLocalSecrets } from '../../shared/runtime/localSecrets.ts';
import { readRuntimeFile, runtimeFilePath, writeRuntimeFile } from '../../shared/runtime/runtimeFile.ts';
import { startEnvApi } from '../../env-api/startEnvApi.ts';
import { startIngestRole } from '../ingest/startIngestRole.ts';
import { envApiRoleEnv, ingestRoleEnv, type IngestRoleEnv, type KickApiSimulatorEndpoint, type LocalTarget } from './localRoleEnv.ts';
import { localEnvironmentNames, openStackDatabases } from './openStackDatabases.ts';
import { stackUrls, type LocalStackUrls } from './stackUrls.ts';

/** Listener ports; 0 asks for a free one. */
export interface LocalStackPorts {
  ingest: number;
  admin: number;
  stage: number;
  production: number;
}

/** Options of {@link startLocalStack}. */
export interface LocalStackOptions {
  config: Config<'local'>;
  logger: Logger;
  /** Default: INGEST_PORT, ADMIN_PORT, ENV_API_PORT for stage and ENV_API_PORT + 1 for production. */
  ports?: Partial<LocalStackPorts>;
  /** The simulated Kick API the poller and subscription sync use instead of Kick's. */
  simulator?: KickApiSimulatorEndpoint | null;
}

/** A running local stack. */
export interface RunningLocalStack {
  urls: LocalStackUrls;
  /** Absolute VF_DATA_DIR. */
  dataDir: string;
  /** Where the databases are, for the banner (no password). */
  postgres: string;
  clickhouse: string;
  kick: Pick<IngestRoleEnv, 'kickPublicKey' | 'kickApi' | 'sumsubSecret'>;
  /** vf-pg-dm as the ingest role connects to it (for in-process helpers such as the simulator). */
  dmDatabaseUrl: string;
  /** The ingest role first (no new webhooks, accepted ones committed, worker stopped), then the environments, ClickHouse, PostgreSQL. */
  stop(): Promise<void>;
}

async function resolvePorts(config: Config<'local'>, ports: Partial<LocalStackPorts>): Promise<LocalStackPorts> {
  const wanted: LocalStackPorts = {
    ingest: ports.ingest ?? config.ingestPort,
    admin: ports.admin ?? config.adminPort,
    stage: ports.stage ?? config.envApiPort,
    production: ports.production ?? config.envApiPort + 1,
  };
  // The roles' schemas take ports 1–65535; 0 is settled here.
  for (const key of Object.keys(wanted) as (keyof LocalStackPorts)[]) if (wanted[key] === 0) wanted[key] = await pickFreePort(0);
  return wanted;
}

async function refuseSecondStack(dataDir: string): Promise<void> {
  const running = await readRuntimeFile(dataDir);
  if (running !== null && running.pid !== process.pid) {
    throw new AppError('STACK_ALREADY_RUNNING', `A local stack (pid ${running.pid}) already runs on ${resolve(dataDir)} (${runtimeFilePath(dataDir)}): stop it first, or use another VF_DATA_DIR`, {
      details: { pid: running.pid, dataDir },
    });
  }
}

function logKickChoices(logger: Logger, ingest: IngestRoleEnv, simulated: boolean): void {
  if (ingest.kickPublicKey === 'configured') {
    logger.info('Kick webhook signatures are checked with KICK_PUBLIC_KEY');
    if (simulated) logger.warn('KICK_PUBLIC_KEY is set: webhooks signed by the simulator will not verify');
  } else {
    logger.info('Kick webhook signatures are checked with the local simulator key (secrets.json), not Kick\'s: set KICK_PUBLIC_KEY for real Kick webhooks');
  }
  if (ingest.sumsubSecret === 'configured' && simulated) logger.warn('SUMSUB_WEBHOOK_SECRETS is set: webhooks signed by the simulator will not verify');
  // Without Kick credentials the ingest role's poller and sync say once themselves that they idle.
}

/** Starts the stack; on any failure everything already started is stopped again. */
export async function startLocalStack(options: LocalStackOptions): Promise<RunningLocalStack> {
  const { config, logger } = options;
  const simulator = options.simulator ?? null;
  await refuseSecondStack(config.dataDir);
  const secrets = await loadOrCreateLocalSecrets(config.dataDir, localEnvironmentNames);
  if (config.fanout.targets.length > 0) logger.warn('FANOUT_TARGETS is ignored by npm start: the stack fans out to its own stage and production');

  // Stopped last-registered-first: ingest, environments, ClickHouse, PostgreSQL.
  const cleanups: { part: string; stop: () => Promise<void> }[] = [];
  const stopAll = async (): Promise<void> => {
    const failures: Error[] = [];
    for (const { part, stop } of cleanups.reverse()) {
      const started = Date.now();
      await stop().then(
        () => logger.info({ part, ms: Date.now() - started }, `${part} stopped`),
        (e: unknown) => failures.push(coerceError(e)),
      );
    }
    cleanups.length = 0;
    for (const failure of failures.slice(1)) logger.error({ err: failure }, 'the local stack did not stop cleanly');
    if (failures[0] !== undefined) throw failures[0];
  };
  try {
    const databases = await openStackDatabases(config, logger);
    cleanups.push({ part: 'PostgreSQL', stop: () => databases.stop() });
    const clickhouse = await createClickhouseClient({ url: config.clickhouseUrl, dataDir: config.dataDir });
    cleanups.push({ part: 'ClickHouse', stop: () => clickhouse.close() });
    await runClickhouseMigrations(clickhouse.client, { rawBodyTtlDays: config.rawBodyTtlDays });

    const ports = await resolvePorts(config, options.ports ?? {});
    const envPorts: Readonly<Record<string, number>> = { stage: ports.stage, production: ports.production };
    const targets: LocalTarget[] = [];
    for (const name of localEnvironmentNames) {
      const secret = secrets.fanout[name] ?? '';
      const env = envApiRoleEnv({ config, name, databaseUrl: databases.envUrls[name] ?? '', dmDatabaseUrl: databases.dmReadUrl, port: envPorts[name] ?? 0, secret });
      const running = await startEnvApi(loadConfig('env-api', env), logger.child({ role: 'env-api' }), { clickhouse: clickhouse.client });
      cleanups.push({ part: `environment ${name}`, stop: () => running.stop() });
      targets.push({ name, url: running.url, secret });
    }

    const ingestEnv = ingestRoleEnv({ config, dmDatabaseUrl: databases.dmUrl, ports, secrets, targets, simulator });
    logKickChoices(logger, ingestEnv, simulator !== null);
    const ingest = await startIngestRole(loadConfig('ingest', ingestEnv.env), logger.child({ role: 'ingest' }), { clickhouse });
    cleanups.push({ part: 'ingest role', stop: () => ingest.stop() });

    const environments = Object.fromEntries(targets.map((target) => [target.name, target.url]));
    const urls = stackUrls({ publicUrl: ingest.publicUrl, adminUrl: ingest.adminUrl, stage: environments.stage ?? '', production: environments.production ?? '' });
    if (databases.embedded !== null) {
      // CLI commands find the database, the admin API (the ClickHouse bridge) and the environments here.
      await writeRuntimeFile(config.dataDir, {
        postgres: { url: databases.embedded.url('postgres'), port: databases.embedded.port },
        pid: process.pid,
        ingest: { publicUrl: ingest.publicUrl, adminUrl: ingest.adminUrl },
        environments,
        clickhouse: { embedded: clickhouse.embedded },
      });
    }
    let stopping: Promise<void> | undefined;
    return {
      urls,
      dataDir: resolve(config.dataDir),
      postgres: databases.embedded === null ? 'DM_DATABASE_URL and ENV_DATABASE_URL_<NAME>' : `embedded, 127.0.0.1:${databases.embedded.port} (vf_dm, vf_stage, vf_production)`,
      clickhouse: clickhouse.embedded ? `embedded (chdb) in ${resolve(config.dataDir, 'clickhouse')}` : 'CLICKHOUSE_URL',
      kick: { kickPublicKey: ingestEnv.kickPublicKey, kickApi: ingestEnv.kickApi, sumsubSecret: ingestEnv.sumsubSecret },
      dmDatabaseUrl: databases.dmUrl,
      stop: () => (stopping ??= stopAll()),
    };
  } catch (e: unknown) {
    await stopAll().catch((stopError: unknown) => logger.error({ err: coerceError(stopError) }, 'cleaning up after a failed start failed'));
    throw e;
  }
}
