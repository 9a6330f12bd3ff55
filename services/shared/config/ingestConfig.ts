/**
 * The ingest role (`npm run start:ingest`): receivers, raw sink, fan-out, poller.
 * A production role: its PostgreSQL database must be given, never embedded.
 */
import { configDefaults, logLevels, type LogLevel } from './defaults.ts';
import type { EnvReader } from './envReader.ts';
import { clickhouseProtocols, postgresProtocols, readFanout, readKick, type FanoutConfig, type KickConfig } from './sections.ts';

/** Configuration of the ingest role. */
export interface IngestConfig {
  role: 'ingest';
  dmDatabaseUrl: string;
  /** Null: the embedded ClickHouse under dataDir (development only; logged as a warning). */
  clickhouseUrl: string | null;
  kick: KickConfig;
  sumsubWebhookSecrets: readonly string[];
  fanout: FanoutConfig;
  outboxRetentionDays: number;
  rawBodyTtlDays: number;
  ingestPort: number;
  ingestHost: string;
  adminPort: number;
  /** ADMIN_TOKEN: the admin actions need it as a bearer token; null: they need nothing. */
  adminToken: string | null;
  dataDir: string;
  logLevel: LogLevel;
}

/** The ingest role's schema. */
export function readIngestConfig(reader: EnvReader): IngestConfig {
  return {
    role: 'ingest',
    dmDatabaseUrl: reader.url('DM_DATABASE_URL', postgresProtocols, true) ?? '',
    clickhouseUrl: reader.url('CLICKHOUSE_URL', clickhouseProtocols, false),
    kick: readKick(reader),
    sumsubWebhookSecrets: reader.list('SUMSUB_WEBHOOK_SECRETS', true),
    fanout: readFanout(reader),
    outboxRetentionDays: reader.int('OUTBOX_RETENTION_DAYS', configDefaults.outboxRetentionDays, { min: 1 }),
    rawBodyTtlDays: reader.int('RAW_BODY_TTL_DAYS', configDefaults.rawBodyTtlDays, { min: 1 }),
    ingestPort: reader.port('INGEST_PORT', configDefaults.ingestPort),
    ingestHost: reader.optionalString('INGEST_HOST') ?? configDefaults.ingestHost,
    adminPort: reader.port('ADMIN_PORT', configDefaults.adminPort),
    adminToken: reader.optionalString('ADMIN_TOKEN'),
    dataDir: reader.optionalString('VF_DATA_DIR') ?? configDefaults.dataDir,
    logLevel: reader.oneOf('LOG_LEVEL', logLevels, 'info'),
  };
}
