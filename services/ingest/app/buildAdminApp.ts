/**
 * The ingest role's admin listener (`ADMIN_PORT`, cluster-internal): `/readyz`, `/metrics` and
 * `/admin/*` (contracts/openapi/ingest.yaml, `x-listener: admin`), and the operator console at
 * `/console` (services/ingest/console/). Reads need no authentication; with an `ADMIN_TOKEN` the
 * admin actions need it (adminTokenGate.ts). `buildAdminApp` builds and never listens (main.ts
 * does); tests call it with literal config and `inject()`.
 *
 * Request schemas are the generated route schemas with their ahead-of-time validators, so nothing
 * compiles at run time; a request that fails one answers 400 `INGEST_REQUEST_INVALID` (body) or
 * `INGEST_QUERY_INVALID` (query string), in the contract's `{ code, message }` shape.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from '../../../generated/openapi/validatorCompiler.ts';
import { coerceError } from '../../shared/errors.ts';
import type { Logger } from '../../shared/logging/createLogger.ts';
import { DatabaseUnavailableError } from '../../shared/pg/databaseErrors.ts';
import type { DmPool } from '../../shared/pg/pools.ts';
import { IngestHttpError, sendIngestError } from '../errors.ts';
import type { IngestMetrics } from '../metrics/ingestMetrics.ts';
import { serveConsole } from '../console/serveConsole.ts';
import { getChannel } from '../routes/getChannel.ts';
import { getChannelChatHistogram } from '../routes/getChannelChatHistogram.ts';
import { getDeliveryLagChart } from '../routes/getDeliveryLagChart.ts';
import { getEventCatalogue } from '../routes/getEventCatalogue.ts';
import { getEventRateChart } from '../routes/getEventRateChart.ts';
import { getMetrics } from '../routes/getMetrics.ts';
import { getQuarantineEntry } from '../routes/getQuarantineEntry.ts';
import { getReadyz } from '../routes/getReadyz.ts';
import { queryClickhouse } from '../routes/queryClickhouse.ts';
import { searchChannels } from '../routes/searchChannels.ts';
import { adminTokenGate } from './adminTokenGate.ts';

/** Configuration of the admin listener. */
export interface AdminAppConfig {
  /** `embedded` (chdb in this process: the query bridge is on) or `server` (`CLICKHOUSE_URL`: off). */
  readonly clickhouseMode: 'embedded' | 'server';
  /** `ADMIN_TOKEN`: when set, admin actions need `Authorization: Bearer <token>`; null or absent, they need nothing. */
  readonly adminToken?: string | null;
  /** Where the built console is; default `<repo>/dist/console` (`npm run build:console`). */
  readonly consoleDir?: string;
}

/** What the admin listener uses. */
export interface AdminAppDeps {
  readonly pool: DmPool;
  readonly clickhouse: ClickHouseClient;
  readonly metrics: IngestMetrics;
  readonly logger: Logger;
  /** Registers further admin routes (quarantine, deliveries, status) on the same app and error handling. */
  readonly extraRoutes?: (app: FastifyInstance) => void;
  /** The clock of the console's charts and windows; default the system clock. */
  readonly now?: () => Date;
}

/** Builds the admin app (not listening). */
export function buildAdminApp(config: AdminAppConfig, deps: AdminAppDeps): FastifyInstance {
  // Prometheus scrapes and probes every few seconds: their request lines would drown the log.
  // Typed as fastify's base logger, so the app is the plain FastifyInstance the routes take.
  const loggerInstance: FastifyBaseLogger = deps.logger;
  const app = Fastify({ loggerInstance, logController: new LogController({ disableRequestLogging: true }) });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error.validation !== undefined) {
      const code = error.validationContext === 'querystring' || error.validationContext === 'params' ? 'INGEST_QUERY_INVALID' : 'INGEST_REQUEST_INVALID';
      return sendIngestError(reply, code, error.message);
    }
    if (error instanceof IngestHttpError) return sendIngestError(reply, error.code, error.message);
    if (error instanceof DatabaseUnavailableError) return sendIngestError(reply, 'INGEST_UNAVAILABLE', 'PostgreSQL is unavailable');
    // fastify's own 4xx before a handler ran (an empty or malformed JSON body, say).
    if (error.statusCode === 400) return sendIngestError(reply, 'INGEST_REQUEST_INVALID', error.message);
    if (error.statusCode === undefined || error.statusCode >= 500) deps.logger.error({ err: coerceError(error), url: request.url }, 'admin request failed');
    return reply.send(error);
  });

  // Before any route, so no action is ever registered without the gate.
  const adminToken = config.adminToken ?? null;
  if (adminToken !== null && adminToken !== '') app.addHook('onRequest', adminTokenGate(adminToken));

  const now = deps.now ?? (() => new Date());
  getReadyz(app, { pool: deps.pool, clickhouse: deps.clickhouse, clickhouseMode: config.clickhouseMode });
  getMetrics(app, { metrics: deps.metrics });
  queryClickhouse(app, { clickhouse: deps.clickhouse, clickhouseMode: config.clickhouseMode, logger: deps.logger });
  // The operator console and the reads it needs beyond the CLI's (status, quarantine and deliveries come with extraRoutes).
  serveConsole(app, config.consoleDir === undefined ? {} : { dir: config.consoleDir });
  getQuarantineEntry(app, { pool: deps.pool });
  getEventRateChart(app, { pool: deps.pool, now });
  getDeliveryLagChart(app, { pool: deps.pool, now });
  searchChannels(app, { pool: deps.pool });
  getChannel(app, { pool: deps.pool, now });
  getChannelChatHistogram(app, { clickhouse: deps.clickhouse, now });
  getEventCatalogue(app);
  deps.extraRoutes?.(app);
  return app;
}
