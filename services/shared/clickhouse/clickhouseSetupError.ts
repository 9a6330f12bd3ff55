/**
 * Errors raised while opening ClickHouse or migrating its schema. Callers branch on `code`
 * (the CLI prints `message` and exits; `npm start` names the process holding the lock).
 */
import { AppError, type AppErrorOptions } from '../errors.ts';

/** Stable codes of {@link ClickhouseSetupError}. */
export type ClickhouseSetupErrorCode =
  /** Another process has the embedded engine's data directory open (chdb allows one process). */
  | 'CLICKHOUSE_EMBEDDED_LOCKED'
  /** The optional `chdb` package (or its native library) could not be loaded. */
  | 'CLICKHOUSE_EMBEDDED_UNAVAILABLE'
  /** chdb refused to open its data directory for another reason (see `cause`). */
  | 'CLICKHOUSE_EMBEDDED_OPEN_FAILED'
  /** A migration already applied has been edited since (migrations are append-only). */
  | 'CLICKHOUSE_MIGRATION_CHANGED'
  /** The migrations folder or the migration options are malformed. */
  | 'CLICKHOUSE_MIGRATION_INVALID'
  /** A migration statement failed on the server (see `cause`). */
  | 'CLICKHOUSE_MIGRATION_FAILED';

/** A ClickHouse setup failure with a stable code and structured details. */
export class ClickhouseSetupError extends AppError {
  declare readonly code: ClickhouseSetupErrorCode;

  constructor(code: ClickhouseSetupErrorCode, message: string, options: AppErrorOptions = {}) {
    super(code, message, options);
  }
}
