/**
 * The environment API (contracts/openapi/internal-events.yaml): `POST /internal/events`,
 * `/healthz`, `/readyz`, `/metrics` and `GET /admin/chat-histogram`, on one listener.
 * `buildEnvApp` builds and never listens (startEnvApi.ts does), so tests call it with literal
 * config and `inject()`.
 *
 * Every body is read as raw bytes: the signature of `/internal/events` covers the bytes, and the
 * other routes take none. Route schemas are the generated ones with the generated (AOT) validators.
 */
import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance } from 'fastify';
import type { ProjectorMap } from '../../../generated/asyncapi/handlers.ts';
import { serializerCompiler, validatorCompiler } from '../../../generated/openapi/validatorCompiler.ts';
import { coerceError } from '../../shared/errors.ts';
import type { Logger } from '../../shared/logging/createLogger.ts';
import type { EnvPool } from '../../shared/pg/pools.ts';
import { sendEnvApiError } from '../errors.ts';
import type { EnvApiMetrics } from '../metrics/envApiMetrics.ts';
import type { ProjectorTx } from '../projectors/projectorTx.ts';
import { getChatHistogram } from '../routes/getChatHistogram.ts';
import { getHealthz } from '../routes/getHealthz.ts';
import { getMetrics } from '../routes/getMetrics.ts';
import { getReadyz } from '../routes/getReadyz.ts';
import { receiveEvents } from '../routes/receiveEvents.ts';
import { decodeWebhookSecret } from '../verify/webhookSecret.ts';
import type { EnvClickhouse } from './envClickhouse.ts';

/**
 * The largest `/internal/events` body: 16 MiB. The contract names no figure; the fan-out's batches
 * stop at `FANOUT_BATCH_MAX_BYTES` (default 1 MiB) but one envelope may carry a webhook body of up
 * to 1 MiB, so the limit leaves room above both, and a 413 makes the sender split the batch.
 */
export const MAX_EVENTS_BODY_BYTES = 16 * 1024 * 1024;

/** Configuration of the environment API app. */
export interface EnvAppConfig {
  /** `INTERNAL_EVENTS_SECRETS` (`whsec_<base64>`); a signature under any of them is accepted. */
  readonly internalEventsSecrets: readonly string[];
  /** Default {@link MAX_EVENTS_BODY_BYTES}. */
  readonly maxBodyBytes?: number;
  /** Lanes applying one request's envelopes at once (default 1, see apply/applyBatch.ts). */
  readonly applyLanes?: number;
  /** Envelopes per transaction within a lane (default 50, see apply/applyBatch.ts). */
  readonly applyGroupMaxEvents?: number;
}

/** What the app uses. */
export interface EnvAppDeps {
  readonly pool: EnvPool;
  /** The projector of every event type (startEnvApi passes the real map; tests their own). */
  readonly projectors: ProjectorMap<ProjectorTx>;
  /** Null: the ClickHouse read paths answer 503. */
  readonly clickhouse: EnvClickhouse | null;
  readonly metrics: EnvApiMetrics;
  readonly logger: Logger;
  /** Clock of the signature tolerance; default the system clock. */
  readonly now?: () => Date;
}

/**
 * Builds the app (not listening).
 *
 * @throws AppError `ENVAPI_SECRET_INVALID` when a secret is not `whsec_<base64>`.
 */
export function buildEnvApp(config: EnvAppConfig, deps: EnvAppDeps): FastifyInstance {
  const keys = config.internalEventsSecrets.map((secret, position) => decodeWebhookSecret(secret, position));
  const maxBodyBytes = config.maxBodyBytes ?? MAX_EVENTS_BODY_BYTES;
  // The logger is typed as fastify's base logger, so the app is a plain FastifyInstance the routes take.
  const loggerInstance: FastifyBaseLogger = deps.logger;
  const app = Fastify({ loggerInstance, logController: new LogController({ disableRequestLogging: true }), bodyLimit: maxBodyBytes });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  // Raw bytes for every content type; /internal/events answers 415 itself before reading a body.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => {
    done(null, body);
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const onEvents = request.routeOptions.url === '/internal/events';
    if (onEvents && error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      deps.metrics.refusedRequests.inc({ code: 'ENVAPI_PAYLOAD_TOO_LARGE' });
      return sendEnvApiError(reply, 'ENVAPI_PAYLOAD_TOO_LARGE', `the body exceeds ${String(maxBodyBytes)} bytes; split the batch`);
    }
    if (onEvents && (error.statusCode === undefined || error.statusCode >= 500)) {
      // A surprise while applying: answer what the sender retries, never a 500 it would not expect.
      deps.logger.error({ err: coerceError(error) }, 'POST /internal/events failed; answering 503');
      deps.metrics.refusedRequests.inc({ code: 'ENVAPI_UNAVAILABLE' });
      return sendEnvApiError(reply, 'ENVAPI_UNAVAILABLE', 'the events could not be applied; retry later');
    }
    if (error.statusCode === undefined || error.statusCode >= 500) deps.logger.error({ err: coerceError(error), url: request.url }, 'request failed');
    // Malformed requests (e.g. a Content-Length that does not match the body) keep fastify's answer.
    return reply.send(error);
  });

  receiveEvents(app, { keys, pool: deps.pool, projectors: deps.projectors, metrics: deps.metrics, logger: deps.logger, now: deps.now ?? (() => new Date()), ...(config.applyLanes === undefined ? {} : { lanes: config.applyLanes }),
    ...(config.applyGroupMaxEvents === undefined ? {} : { groupMaxEvents: config.applyGroupMaxEvents }),
  });
  getHealthz(app);
  getReadyz(app, { pool: deps.pool, clickhouse: deps.clickhouse });
  getMetrics(app, { metrics: deps.metrics });
  getChatHistogram(app, { clickhouse: deps.clickhouse, logger: deps.logger });
  return app;
}
