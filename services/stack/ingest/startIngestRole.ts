/**
 * The ingest role, assembled: public listener (webhooks, /healthz), admin listener (/readyz,
 * /metrics, /admin/*), the group-committing acceptor, and a graphile-worker runner for the raw
 * sink, the viewer poller and the subscription sync. `main.ts` calls it with the loaded
 * configuration; the local stack (`npm start`) calls it too, handing over its own stores.
 *
 * Migrations are never run here (`npx vf migrate …` does that); missing schemas fail the start
 * with the command to run.
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'slonik';
import type { Config } from '../../shared/config/loadConfig.ts';
import { createClickhouseClient, type OpenClickhouse } from '../../shared/clickhouse/createClickhouseClient.ts';
import { AppError, coerceError } from '../../shared/errors.ts';
import type { Logger } from '../../shared/logging/createLogger.ts';
import { createDmPool, type DmPool } from '../../shared/pg/pools.ts';
import { createPgAcceptor } from '../../ingest/accept/pgAcceptor.ts';
import { buildAdminApp } from '../../ingest/app/buildAdminApp.ts';
import { buildPublicApp } from '../../ingest/app/buildPublicApp.ts';
import { createKickApiClient } from '../../ingest/kickApi/createKickApiClient.ts';
import { registerIngestDbGauges } from '../../ingest/metrics/ingestDbGauges.ts';
import { createIngestMetrics } from '../../ingest/metrics/ingestMetrics.ts';
import { getAdminStatus } from '../../ingest/routes/getAdminStatus.ts';
import { getDocs } from '../../ingest/routes/getDocs.ts';
import { listDeliveriesRoute } from '../../ingest/routes/listDeliveries.ts';
import { listQuarantineRoute } from '../../ingest/routes/listQuarantine.ts';
import { retryDeliveriesRoute } from '../../ingest/routes/retryDeliveries.ts';
import { replayQuarantineRoute } from '../../ingest/routes/replayQuarantine.ts';
import { ingestTasks } from './ingestTasks.ts';
import { startIngestWorker, type IngestWorker } from '../../ingest/worker/startIngestWorker.ts';
import { createKickPublicKeyProvider } from '../../ingest/verify/kickPublicKey.ts';

/** A running ingest role. */
export interface RunningIngest {
  publicUrl: string;
  adminUrl: string;
  /** Stops taking webhooks, lets in-flight acceptances commit, stops the worker, closes the stores it opened. */
  stop(): Promise<void>;
}

/** Stores the caller already opened (the local stack shares its embedded ClickHouse). */
export interface IngestStores {
  clickhouse?: OpenClickhouse;
}

async function requireSchemas(pool: DmPool): Promise<void> {
  const rows = await pool.any(sql.unsafe`SELECT to_regclass('ingest.inbox') IS NOT NULL AS ingest, to_regclass('graphile_worker.jobs') IS NOT NULL AS worker`);
  const row = rows[0] as { ingest?: boolean; worker?: boolean } | undefined;
  if (row?.ingest !== true || row.worker !== true) {
    throw new AppError('INGEST_SCHEMA_MISSING', 'vf-pg-dm is not migrated: run `npx vf migrate dm` (as the migrator) before starting the ingest role');
  }
}

/** The raw sink needs vf.raw_events; ClickHouse never stops the role, so a missing table is logged, not fatal. */
async function warnIfRawEventsMissing(clickhouse: OpenClickhouse, logger: Logger): Promise<void> {
  try {
    const result = await clickhouse.client.query({ query: 'EXISTS TABLE vf.raw_events', format: 'JSONEachRow' });
    const [row] = await result.json<{ result: number | string }>();
    if (Number(row?.result) !== 1) logger.error('ClickHouse has no vf.raw_events: run `npx vf migrate clickhouse` (before starting, for the embedded store); until then raw events wait in PostgreSQL');
  } catch (e: unknown) {
    logger.warn({ err: coerceError(e) }, 'ClickHouse is not reachable at start; raw events wait in PostgreSQL until it is');
  }
}

async function listen(app: FastifyInstance, host: string, port: number): Promise<string> {
  await app.listen({ host, port });
  const address = app.server.address();
  const bound = typeof address === 'object' && address !== null ? address.port : port;
  return `http://${host}:${bound}`;
}

/** Starts the ingest role. */
export async function startIngestRole(config: Config<'ingest'>, logger: Logger, stores: IngestStores = {}): Promise<RunningIngest> {
  const metrics = createIngestMetrics({ defaultMetrics: true });
  const pool = await createDmPool(config.dmDatabaseUrl);
  const cleanups: (() => Promise<void>)[] = [() => pool.end()];
  const stopAll = async (): Promise<void> => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  };
  try {
    await requireSchemas(pool);
    let clickhouse = stores.clickhouse;
    if (clickhouse === undefined) {
      if (config.clickhouseUrl === null) logger.warn({ dataDir: config.dataDir }, 'CLICKHOUSE_URL is unset: using the embedded ClickHouse (chdb) under VF_DATA_DIR; for development only');
      clickhouse = await createClickhouseClient({ url: config.clickhouseUrl, dataDir: config.dataDir });
      const opened = clickhouse;
      cleanups.push(() => opened.close());
    }
    const store = clickhouse;
    await warnIfRawEventsMissing(store, logger);
    const kick = config.kick;
    const kickApi = createKickApiClient({ apiBaseUrl: kick.apiBaseUrl, authBaseUrl: kick.authBaseUrl, clientId: kick.clientId ?? '', clientSecret: kick.clientSecret ?? '', logger, metrics });
    const kickKeys = createKickPublicKeyProvider({ configuredPem: kick.publicKeyPem, fetchPem: async () => (await kickApi.getPublicKey()).data, logger });
    await kickKeys.init();

    const targets = config.fanout.targets.map((target) => target.name);
    if (targets.length === 0) logger.warn('FANOUT_TARGETS is empty: dry-run mode, envelopes are written and nothing is sent');
    registerIngestDbGauges(metrics, pool, targets, { logger });
    // The acceptor gets a pool of its own: webhooks never queue behind worker or admin queries, and
    // it skips slonik's DISCARD ALL on release (it sets no session state), a round trip per batch.
    const acceptPool = await createDmPool(config.dmDatabaseUrl, { maximumPoolSize: 4, resetOnRelease: false });
    cleanups.push(() => acceptPool.end());
    const acceptor = createPgAcceptor(acceptPool, { targets, logger });
    cleanups.push(() => acceptor.close());

    const worker: IngestWorker = await startIngestWorker({
      connectionString: config.dmDatabaseUrl,
      logger,
      ...ingestTasks({ pool, fanout: config.fanout, retentionDays: config.outboxRetentionDays, clickhouse: clickhouse.client, kickApi: kick.clientId === null ? null : kickApi, acceptor, metrics, logger }),
    });
    cleanups.push(() => worker.stop());

    const publicApp = buildPublicApp({ kickReplayWindowSeconds: kick.replayWindowSeconds, sumsubWebhookSecrets: config.sumsubWebhookSecrets }, { acceptor, kickKeys, metrics, logger });
    const adminApp = buildAdminApp({ clickhouseMode: clickhouse.embedded ? 'embedded' : 'server', adminToken: config.adminToken }, {
      pool,
      clickhouse: clickhouse.client,
      metrics,
      logger,
      extraRoutes: (app) => {
        listQuarantineRoute(app, { pool });
        replayQuarantineRoute(app, { pool, targets });
        listDeliveriesRoute(app, { pool, targets });
        retryDeliveriesRoute(app, { pool, targets });
        getAdminStatus(app, { pool, clickhouse: store.client, clickhouseMode: store.embedded ? 'embedded' : 'server', targets, retentionDays: config.outboxRetentionDays });
        getDocs(app, { dataDir: config.dataDir, logger });
      },
    });
    const adminUrl = await listen(adminApp, config.ingestHost, config.adminPort);
    cleanups.push(() => adminApp.close());
    const publicUrl = await listen(publicApp, config.ingestHost, config.ingestPort);
    // Closed last-registered-first: the public listener stops taking webhooks before the acceptor drains.
    cleanups.push(() => publicApp.close());
    return { publicUrl, adminUrl, stop: stopAll };
  } catch (e: unknown) {
    await stopAll();
    throw e;
  }
}
