/**
 * The ingest role's public listener: the provider webhook receivers, the retired webhook paths and
 * `/healthz` (contracts/openapi/ingest.yaml, `x-listener: public`). `buildPublicApp` builds and
 * never listens (main.ts does), so tests call it with literal config and `inject()`.
 *
 * Every body is read as raw bytes whatever its content type: the signatures cover the bytes, and
 * Kick documents no content type. Call `kickKeys.init()` before serving.
 */
import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from '../../../generated/openapi/validatorCompiler.ts';
import { coerceError } from '../../shared/errors.ts';
import type { Logger } from '../../shared/logging/createLogger.ts';
import type { Acceptor } from '../accept/delivery.ts';
import { IngestHttpError, sendIngestError } from '../errors.ts';
import type { IngestMetrics } from '../metrics/ingestMetrics.ts';
import { getHealthz } from '../routes/getHealthz.ts';
import { receiveKickWebhook } from '../routes/receiveKickWebhook.ts';
import { receiveSumsubWebhook } from '../routes/receiveSumsubWebhook.ts';
import { retiredWebhookPaths } from '../routes/retiredWebhookPaths.ts';
import type { KickPublicKeyProvider } from '../verify/kickPublicKey.ts';
import type { WebhookSource } from './answerDelivery.ts';

/** The largest body a webhook may have (DESIGN §5): 1 MiB. */
export const MAX_WEBHOOK_BODY_BYTES = 1024 * 1024;

/** Configuration of the public listener. */
export interface PublicAppConfig {
  /** `KICK_REPLAY_WINDOW_SECONDS`: how old a Kick timestamp may be. */
  readonly kickReplayWindowSeconds: number;
  /** `SUMSUB_WEBHOOK_SECRETS`. */
  readonly sumsubWebhookSecrets: readonly string[];
}

/** What the public listener uses. */
export interface PublicAppDeps {
  readonly acceptor: Acceptor;
  readonly kickKeys: KickPublicKeyProvider;
  readonly metrics: IngestMetrics;
  readonly logger: Logger;
  /** Receive-time clock; default the system clock. */
  readonly now?: () => Date;
}

const sourceByRoute: ReadonlyMap<string, WebhookSource> = new Map([
  ['/webhooks/kick', 'kick'],
  ['/webhooks/sumsub', 'sumsub'],
]);

/** Builds the public app (not listening). */
export function buildPublicApp(config: PublicAppConfig, deps: PublicAppDeps): FastifyInstance {
  const now = deps.now ?? (() => new Date());
  // Per-request logs would cost more than the webhook itself at thousands per second; we log what matters.
  // The logger is typed as fastify's base logger, so the app is a plain FastifyInstance the routes take.
  const loggerInstance: FastifyBaseLogger = deps.logger;
  const app = Fastify({ loggerInstance, logController: new LogController({ disableRequestLogging: true }), bodyLimit: MAX_WEBHOOK_BODY_BYTES });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  // Raw bytes for any content type, JSON included, and for requests without one.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => {
    done(null, body);
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const source = sourceByRoute.get(request.routeOptions.url ?? '');
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      if (source !== undefined) deps.metrics.webhooks.inc({ source, type: 'unknown', outcome: 'rejected_413' });
      return sendIngestError(reply, 'INGEST_PAYLOAD_TOO_LARGE', `body exceeds ${String(MAX_WEBHOOK_BODY_BYTES)} bytes`);
    }
    if (error instanceof IngestHttpError) return sendIngestError(reply, error.code, error.message);
    if (source !== undefined && (error.statusCode === undefined || error.statusCode >= 500)) {
      // A surprise on a webhook route: nothing was acknowledged, so ask the provider to retry.
      deps.logger.error({ err: coerceError(error), source }, 'webhook route failed; answering 503');
      deps.metrics.webhooks.inc({ source, type: 'unknown', outcome: 'rejected_503' });
      return sendIngestError(reply, 'INGEST_UNAVAILABLE', 'the webhook could not be stored; retry later');
    }
    if (error.statusCode === undefined || error.statusCode >= 500) deps.logger.error({ err: coerceError(error), url: request.url }, 'request failed');
    // Malformed requests (e.g. a Content-Length that does not match the body) keep fastify's answer.
    return reply.send(error);
  });

  receiveKickWebhook(app, { replayWindowSeconds: config.kickReplayWindowSeconds, acceptor: deps.acceptor, kickKeys: deps.kickKeys, metrics: deps.metrics, logger: deps.logger, now });
  receiveSumsubWebhook(app, { secrets: config.sumsubWebhookSecrets, acceptor: deps.acceptor, metrics: deps.metrics, logger: deps.logger, now });
  retiredWebhookPaths(app);
  getHealthz(app);
  return app;
}
