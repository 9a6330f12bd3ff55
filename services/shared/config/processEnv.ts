/**
 * The process environment. This module is the only place that reads `process.env`;
 * entry points pass its result to `loadConfig` (or the test kit's reader).
 */
import type { Env } from './envReader.ts';

/** A snapshot of the process environment. */
export function processEnv(): Env {
  return { ...process.env };
}
