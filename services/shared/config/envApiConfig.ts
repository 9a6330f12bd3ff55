/**
 * The environment API role (`npm run start:env-api`): one environment's `/internal/events`,
 * projectors and admin read paths, against that environment's own database.
 */
import { configDefaults, logLevels, type LogLevel } from './defaults.ts';
import type { EnvReader } from './envReader.ts';
import { clickhouseProtocols, postgresProtocols } from './sections.ts';

/** Configuration of the environment API role. */
export interface EnvApiConfig {
  role: 'env-api';
  /** The environment's name (stage, production, …): identity is configuration. */
  envName: string;
  databaseUrl: string;
  /** vf-pg-dm, read with SELECT only; null when this environment does not read dm.*. */
  dmDatabaseUrl: string | null;
  /** Null: ClickHouse read paths answer 503. */
  clickhouseUrl: string | null;
  internalEventsSecrets: readonly string[];
  processedEventsRetentionDays: number;
  envApiPort: number;
  envApiHost: string;
  dataDir: string;
  logLevel: LogLevel;
}

const envNamePattern = /^[a-z0-9][a-z0-9_-]*$/;

/** The environment API role's schema. */
export function readEnvApiConfig(reader: EnvReader): EnvApiConfig {
  const envName = reader.requiredString('ENV_NAME');
  if (envName !== '' && !envNamePattern.test(envName)) {
    reader.report('ENV_NAME', `must be lower-case letters, digits, '_' or '-', got "${envName}"`);
  }
  return {
    role: 'env-api',
    envName,
    databaseUrl: reader.url('DATABASE_URL', postgresProtocols, true) ?? '',
    dmDatabaseUrl: reader.url('DM_DATABASE_URL', postgresProtocols, false),
    clickhouseUrl: reader.url('CLICKHOUSE_URL', clickhouseProtocols, false),
    internalEventsSecrets: reader.list('INTERNAL_EVENTS_SECRETS', true),
    processedEventsRetentionDays: reader.int('PROCESSED_EVENTS_RETENTION_DAYS', configDefaults.processedEventsRetentionDays, { min: 1 }),
    envApiPort: reader.port('ENV_API_PORT', configDefaults.envApiPort),
    envApiHost: reader.optionalString('ENV_API_HOST') ?? configDefaults.envApiHost,
    dataDir: reader.optionalString('VF_DATA_DIR') ?? configDefaults.dataDir,
    logLevel: reader.oneOf('LOG_LEVEL', logLevels, 'info'),
  };
}
