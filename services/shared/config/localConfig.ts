/**
 * The local role: the `vf` CLI and `npm start`. Every database is optional; what is not
 * given comes from the embedded stores under VF_DATA_DIR (DESIGN §2, §10).
 */
import { configDefaults, logLevels, type LogLevel } from './defaults.ts';
import type { EnvReader } from './envReader.ts';
import { clickhouseProtocols, postgresProtocols, readFanout, readKick, readStatusThresholds, type FanoutConfig, type KickConfig, type StatusThresholds } from './sections.ts';

/** Configuration of the CLI and the all-in-one local stack. */
export interface LocalConfig {
  role: 'local';
  dmDatabaseUrl: string | null;
  /** One environment's database (the env role's variable, honoured by `vf migrate env`). */
  databaseUrl: string | null;
  /** ENV_DATABASE_URL_<NAME>, keyed by the lower-cased name. */
  envDatabaseUrls: Readonly<Record<string, string>>;
  clickhouseUrl: string | null;
  envName: string | null;
  kick: KickConfig;
  sumsubWebhookSecrets: readonly string[];
  internalEventsSecrets: readonly string[];
  fanout: FanoutConfig;
  outboxRetentionDays: number;
  processedEventsRetentionDays: number;
  rawBodyTtlDays: number;
  ingestPort: number;
  ingestHost: string;
  adminPort: number;
  /** ADMIN_TOKEN, handed to the ingest role. */
  adminToken: string | null;
  envApiPort: number;
  envApiHost: string;
  dataDir: string;
  logLevel: LogLevel;
  /** `vf status` thresholds (STATUS_MAX_LAG_SECONDS, STATUS_MAX_RAW_SINK_BACKLOG). */
  status: StatusThresholds;
}

const envDatabasePrefix = 'ENV_DATABASE_URL_';

function readEnvDatabaseUrls(reader: EnvReader): Record<string, string> {
  const urls: Record<string, string> = {};
  for (const name of Object.keys(reader.env).sort()) {
    if (!name.startsWith(envDatabasePrefix)) continue;
    const url = reader.url(name, postgresProtocols, false);
    if (url !== null) urls[name.slice(envDatabasePrefix.length).toLowerCase()] = url;
  }
  return urls;
}

/** The local role's schema. */
export function readLocalConfig(reader: EnvReader): LocalConfig {
  return {
    role: 'local',
    dmDatabaseUrl: reader.url('DM_DATABASE_URL', postgresProtocols, false),
    databaseUrl: reader.url('DATABASE_URL', postgresProtocols, false),
    envDatabaseUrls: readEnvDatabaseUrls(reader),
    clickhouseUrl: reader.url('CLICKHOUSE_URL', clickhouseProtocols, false),
    envName: reader.optionalString('ENV_NAME'),
    kick: readKick(reader),
    sumsubWebhookSecrets: reader.list('SUMSUB_WEBHOOK_SECRETS', false),
    internalEventsSecrets: reader.list('INTERNAL_EVENTS_SECRETS', false),
    fanout: readFanout(reader),
    outboxRetentionDays: reader.int('OUTBOX_RETENTION_DAYS', configDefaults.outboxRetentionDays, { min: 1 }),
    processedEventsRetentionDays: reader.int('PROCESSED_EVENTS_RETENTION_DAYS', configDefaults.processedEventsRetentionDays, { min: 1 }),
    rawBodyTtlDays: reader.int('RAW_BODY_TTL_DAYS', configDefaults.rawBodyTtlDays, { min: 1 }),
    ingestPort: reader.port('INGEST_PORT', configDefaults.ingestPort),
    ingestHost: reader.optionalString('INGEST_HOST') ?? configDefaults.ingestHost,
    adminPort: reader.port('ADMIN_PORT', configDefaults.adminPort),
    adminToken: reader.optionalString('ADMIN_TOKEN'),
    envApiPort: reader.port('ENV_API_PORT', configDefaults.envApiPort),
    envApiHost: reader.optionalString('ENV_API_HOST') ?? configDefaults.envApiHost,
    dataDir: reader.optionalString('VF_DATA_DIR') ?? configDefaults.dataDir,
    logLevel: reader.oneOf('LOG_LEVEL', logLevels, 'info'),
    status: readStatusThresholds(reader),
  };
}
