/**
 * The one way a process makes its logger: pino, JSON lines on stdout, named after the role or
 * part that logs. Tests pass `level: 'silent'`.
 */
import { pino, type Logger } from 'pino';
import type { LogLevel } from '../config/defaults.ts';

export type { Logger } from 'pino';

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  /** The role or part, e.g. `ingest`, `raw-sink`. */
  name: string;
  level: LogLevel;
}

/** A JSON logger on stdout. */
export function createLogger(options: LoggerOptions): Logger {
  return pino({ name: options.name, level: options.level });
}

/** A logger that writes nothing, for tests and library callers that pass none. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
