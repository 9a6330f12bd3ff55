/**
 * What every role's `main.ts` does around its start function: load the role's configuration from
 * the process environment (printing every problem and exiting 1 when it is invalid), make the
 * logger, start, log where it listens, and stop cleanly on SIGINT/SIGTERM. The only code besides
 * a `main.ts` that ends the process; call it from a `main.ts` only.
 */
import { loadConfig, type Config, type ConfigRole } from '../config/loadConfig.ts';
import { processEnv } from '../config/processEnv.ts';
import { AppError, coerceError } from '../errors.ts';
import { createLogger, type Logger } from '../logging/createLogger.ts';

/** A started role: what to log and how to stop it. */
export interface StartedRole {
  readonly announce: Readonly<Record<string, unknown>>;
  stop(): Promise<void>;
}

/** Options of {@link runRole}. */
export interface RunRoleOptions<R extends ConfigRole> {
  readonly role: R;
  /** The npm script, for messages (`start:ingest`). */
  readonly script: string;
  /** The logger's name. */
  readonly name: string;
  /** Logged once started. */
  readonly startedMessage: string;
  readonly start: (config: Config<R>, logger: Logger) => Promise<StartedRole>;
}

/** Runs a role until a signal stops it. */
export async function runRole<R extends ConfigRole>(options: RunRoleOptions<R>): Promise<void> {
  let config: Config<R>;
  try {
    config = loadConfig(options.role, processEnv());
  } catch (e: unknown) {
    const error = coerceError(e);
    console.error(error instanceof AppError ? `${options.script}: ${error.code}: ${error.message}` : `${options.script}: ${error.message}`);
    process.exit(1);
  }
  const logger = createLogger({ name: options.name, level: config.logLevel });
  try {
    const running = await options.start(config, logger);
    logger.info(running.announce, options.startedMessage);
    let stopping = false;
    const stop = (signal: string): void => {
      if (stopping) return;
      stopping = true;
      // While stopping, the database may be going away at the same moment (a terminal's Ctrl-C
      // reaches an embedded PostgreSQL too): a library's background bookkeeping then rejects with
      // nobody awaiting it (graphile-worker's batched job failures do). That must not turn a clean
      // stop into a crash; it is logged, and the stop goes on.
      process.on('unhandledRejection', (reason: unknown) => {
        logger.warn({ err: coerceError(reason) }, 'a background operation failed while stopping');
      });
      logger.info({ signal }, 'stopping: no new requests, finishing the work in progress');
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
    logger.fatal({ err: error, code: error instanceof AppError ? error.code : undefined }, `${options.name} failed to start: ${error.message}`);
    process.exit(1);
  }
}
