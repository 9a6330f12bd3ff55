/**
 * The environment API role, assembled: the environment database pool, the app on its listener
 * (`ENV_API_HOST`:`ENV_API_PORT`), the daily `processed_events` purge, and the ClickHouse its
 * admin read paths use. `main.ts` calls it with the loaded configuration; the local stack
 * (`npm start`) calls it once per environment, sharing its embedded ClickHouse.
 *
 * Migrations are never run here (`npx vf migrate env` does that); a database without the read
 * model fails the start with the command to run. Without `CLICKHOUSE_URL` and without a shared
 * client the role has no ClickHouse: it never opens an embedded engine of its own (DESIGN §2).
 */
import type { ClickHouseClient } from '@clickhouse/client';
import type { FastifyInstance } from 'fastify';
import { sql } from 'slonik';
import type { ProjectorMap } from '../../generated/asyncapi/handlers.ts';
import { createClickhouseClient } from '../shared/clickhouse/createClickhouseClient.ts';
import type { Config } from '../shared/config/loadConfig.ts';
import { AppError } from '../shared/errors.ts';
import type { Logger } from '../shared/logging/createLogger.ts';
import { createEnvPool, type EnvPool } from '../shared/pg/pools.ts';
import { buildEnvApp } from './app/buildEnvApp.ts';
import type { EnvClickhouse } from './app/envClickhouse.ts';
import { createEnvApiMetrics } from './metrics/envApiMetrics.ts';
import { projectors as realProjectors } from './projectors/index.ts';
import type { ProjectorTx } from './projectors/projectorTx.ts';
import { startRetentionTimer } from './retention/startRetentionTimer.ts';

/** A running environment API. */
export interface RunningEnvApi {
  /** `http://host:port` of the listener. */
  url: string;
  /** Stops taking requests, lets in-flight batches finish, stops the purge, closes what it opened. */
  stop(): Promise<void>;
}

/** What the caller may hand over instead of the defaults. */
export interface EnvApiOptions {
  /** Default: every projector of projectors/index.ts. */
  projectors?: ProjectorMap<ProjectorTx>;
  /** A client the caller owns and closes (`npm start`'s embedded engine: mode `shared`); null: none. Default: `CLICKHOUSE_URL`. */
  clickhouse?: ClickHouseClient | null;
}

async function requireReadModel(pool: EnvPool): Promise<void> {
  const present = await pool.oneFirst(sql.unsafe`SELECT to_regclass('public.processed_events') IS NOT NULL`);
  if (present !== true) {
    throw new AppError('ENVAPI_SCHEMA_MISSING', 'the environment database is not migrated: run `npx vf migrate env` (as the migrator) before starting the environment API');
  }
}

async function listen(app: FastifyInstance, host: string, port: number): Promise<string> {
  await app.listen({ host, port });
  const address = app.server.address();
  const bound = typeof address === 'object' && address !== null ? address.port : port;
  return `http://${host.includes(':') ? `[${host}]` : host}:${String(bound)}`;
}

/** Starts the environment API role. */
export async function startEnvApi(config: Config<'env-api'>, logger: Logger, options: EnvApiOptions = {}): Promise<RunningEnvApi> {
  const envLogger = logger.child({ env: config.envName });
  const pool = await createEnvPool(config.databaseUrl);
  const cleanups: (() => Promise<void>)[] = [() => pool.end()];
  const stopAll = async (): Promise<void> => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  };
  try {
    await requireReadModel(pool);
    let clickhouse: EnvClickhouse | null = null;
    if (options.clickhouse !== undefined && options.clickhouse !== null) {
      clickhouse = { client: options.clickhouse, mode: 'shared' };
    } else if (options.clickhouse === undefined && config.clickhouseUrl !== null) {
      const opened = await createClickhouseClient({ url: config.clickhouseUrl, dataDir: config.dataDir });
      cleanups.push(() => opened.close());
      clickhouse = { client: opened.client, mode: 'server' };
    } else {
      envLogger.warn('no ClickHouse for this environment (CLICKHOUSE_URL is unset): GET /admin/chat-histogram answers 503');
    }

    const metrics = createEnvApiMetrics({ defaultMetrics: true });
    const app = buildEnvApp({ internalEventsSecrets: config.internalEventsSecrets }, { pool, projectors: options.projectors ?? realProjectors, clickhouse, metrics, logger: envLogger });
    const retention = startRetentionTimer({ pool, retentionDays: config.processedEventsRetentionDays, metrics, logger: envLogger });
    cleanups.push(() => retention.stop());
    // Registered after the purge, so it closes first: no request is cut off by the pool ending.
    cleanups.push(() => app.close());
    const url = await listen(app, config.envApiHost, config.envApiPort);
    return { url, stop: stopAll };
  } catch (e: unknown) {
    await stopAll();
    throw e;
  }
}
