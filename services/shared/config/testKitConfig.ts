/**
 * The test kit's one variable: TEST_DATABASE_URL points the integration tests at an existing
 * PostgreSQL 18 server (as a superuser) instead of starting an embedded one.
 */
import { EnvReader, type Env } from './envReader.ts';
import { ConfigError } from './loadConfig.ts';
import { postgresProtocols } from './sections.ts';

/** The configured test server URL, or null to start an embedded server. */
export function readTestDatabaseUrl(env: Env): string | null {
  const reader = new EnvReader(env);
  const url = reader.url('TEST_DATABASE_URL', postgresProtocols, false);
  if (reader.problems.length > 0) throw new ConfigError('local', reader.problems);
  return url;
}
