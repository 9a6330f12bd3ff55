/**
 * `npm run start:env-api`: one environment's API as its own process, configured by environment
 * variables only. The only place that reads the environment and ends the process.
 */
import { loadConfig } from '../shared/config/loadConfig.ts';
import { processEnv } from '../shared/config/processEnv.ts';
import { AppError, coerceError } from '../shared/errors.ts';
import { createLogger } from '../shared/logging/createLogger.ts';
import { startEnvApi } from './startEnvApi.ts';

let config;
try {
  config = loadConfig('env-api', processEnv());
} catch (e: unknown) {
  const error = coerceError(e);
  console.error(error instanceof AppError ? `start:env-api: ${error.code}: ${error.message}` : `start:env-api: ${error.message}`);
  process.exit(1);
}
const logger = createLogger({ name: 'env-api', level: config.logLevel });
try {
  const running = await startEnvApi(config, logger);
  logger.info({ env: config.envName, url: running.url }, 'environment API started: POST /internal/events, /healthz, /readyz, /metrics, /admin/chat-histogram');
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping: no new requests, finishing the batches in progress');
    running.stop().then(
      () => process.exit(0),
      (e: unknown) => {
        logger.error({ err: coerceError(e) }, 'stop failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
} catch (e: unknown) {
  const error = coerceError(e);
  logger.fatal({ err: error, code: error instanceof AppError ? error.code : undefined }, `environment API failed to start: ${error.message}`);
  process.exit(1);
}
