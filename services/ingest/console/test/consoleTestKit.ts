/**
 * What the console's route tests share: the real admin app (buildAdminApp, with the routes
 * startIngestRole adds), a ClickHouse client for a server that is not there (for routes that never
 * reach it, or to see them fail), and the real acceptor to store deliveries as production does.
 */
import { ClickHouseLogLevel, createClient, type ClickHouseClient } from '@clickhouse/client';
import type { FastifyInstance } from 'fastify';
import { silentLogger } from '../../../shared/logging/createLogger.ts';
import type { DmPool } from '../../../shared/pg/pools.ts';
import type { Delivery } from '../../accept/delivery.ts';
import { createPgAcceptor } from '../../accept/pgAcceptor.ts';
import { buildAdminApp, type AdminAppConfig } from '../../app/buildAdminApp.ts';
import { createIngestMetrics } from '../../metrics/ingestMetrics.ts';
import { listDeliveriesRoute } from '../../routes/listDeliveries.ts';
import { listQuarantineRoute } from '../../routes/listQuarantine.ts';
import { replayQuarantineRoute } from '../../routes/replayQuarantine.ts';
import { retryDeliveriesRoute } from '../../routes/retryDeliveries.ts';

/** A client for a ClickHouse that refuses connections. Close it after the test. */
export function unreachableClickhouse(): ClickHouseClient {
  return createClient({ url: 'http://127.0.0.1:9', request_timeout: 1_000, log: { level: ClickHouseLogLevel.OFF } });
}

/** Options of {@link buildConsoleApp}. */
export interface ConsoleAppOptions {
  readonly pool: DmPool;
  readonly clickhouse: ClickHouseClient;
  readonly config?: Partial<AdminAppConfig>;
  readonly targets?: readonly string[];
  readonly now?: () => Date;
}

/** The admin app as the ingest role assembles it (not listening). */
export function buildConsoleApp(options: ConsoleAppOptions): FastifyInstance {
  const targets = options.targets ?? [];
  return buildAdminApp(
    { clickhouseMode: 'server', ...options.config },
    {
      pool: options.pool,
      clickhouse: options.clickhouse,
      metrics: createIngestMetrics(),
      logger: silentLogger(),
      ...(options.now === undefined ? {} : { now: options.now }),
      extraRoutes: (app) => {
        listQuarantineRoute(app, { pool: options.pool });
        replayQuarantineRoute(app, { pool: options.pool, targets });
        listDeliveriesRoute(app, { pool: options.pool, targets });
        retryDeliveriesRoute(app, { pool: options.pool, targets });
      },
    },
  );
}

/** Stores `deliveries` through the real acceptor (one delivery row per target), in order; their raw event ids. */
export async function acceptAll(pool: DmPool, deliveries: readonly Delivery[], targets: readonly string[] = []): Promise<string[]> {
  const acceptor = createPgAcceptor(pool, { targets });
  try {
    const ids: string[] = [];
    for (const delivery of deliveries) {
      const result = await acceptor.accept(delivery);
      if (result.kind === 'duplicate') throw new Error('acceptAll: a test delivery was a duplicate');
      ids.push(result.rawEventId);
    }
    return ids;
  } finally {
    await acceptor.close();
  }
}
