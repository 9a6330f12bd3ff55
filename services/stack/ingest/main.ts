/**
 * `npm run start:ingest`: the ingest role as its own process, configured by environment
 * variables only. The only place that reads the environment and ends the process.
 */
import { loadConfig } from '../../shared/config/loadConfig.ts';
import { processEnv } from '../../shared/config/processEnv.ts';
import { AppError, coerceError } from '../../shared/errors.ts';
import { createLogger } from '../../shared/logging/createLogger.ts';
import { startIngestRole } from './startIngestRole.ts';

let config;
try {
  config = loadConfig('ingest', processEnv());
} catch (e: unknown) {
  const error = coerceError(e);
  console.error(error instanceof AppError ? `start:ingest: ${error.code}: ${error.message}` : `start:ingest: ${error.message}`);
  process.exit(1);
}
const logger = createLogger({ name: 'ingest', level: config.logLevel });
try {
  const running = await startIngestRole(config, logger);
  logger.info({ publicUrl: running.publicUrl, adminUrl: running.adminUrl }, 'ingest role started: webhooks on the public listener, /readyz /metrics /admin on the admin listener');
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping: no new webhooks, draining acceptances and jobs');
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
  logger.fatal({ err: error, code: error instanceof AppError ? error.code : undefined }, `ingest role failed to start: ${error.message}`);
  process.exit(1);
}
