/**
 * The literal environments the local stack loads its roles' configurations from. Each role keeps
 * its own schema (`loadConfig('ingest' | 'env-api', env)`), exactly as in production, so the stack
 * builds the variables a production operator would set, from the local configuration, the local
 * secrets and what the stack itself started. `loadConfig` takes strings: numbers are written out.
 */
import type { Env } from '../../shared/config/envReader.ts';
import { fanoutSecretVariable } from '../../shared/config/fanoutTargets.ts';
import type { Config } from '../../shared/config/loadConfig.ts';
import type { LocalSecrets } from '../../shared/runtime/localSecrets.ts';

/** One local environment as the ingest role's fan-out sees it. */
export interface LocalTarget {
  readonly name: string;
  /** The environment role's base URL (`http://host:port`). */
  readonly url: string;
  readonly secret: string;
}

/** The simulated Kick API (`npm start -- --simulate`). */
export interface KickApiSimulatorEndpoint {
  readonly kickApiBaseUrl: string;
  /** Default: the API base URL (the simulator serves the token endpoint too). */
  readonly kickAuthBaseUrl?: string;
}

/** Inputs of {@link ingestRoleEnv}. */
export interface IngestRoleEnvInput {
  readonly config: Config<'local'>;
  readonly dmDatabaseUrl: string;
  readonly ports: { readonly ingest: number; readonly admin: number };
  readonly secrets: LocalSecrets;
  readonly targets: readonly LocalTarget[];
  readonly simulator: KickApiSimulatorEndpoint | null;
}

/** The ingest role's variables and where its Kick settings came from (for the log and the banner). */
export interface IngestRoleEnv {
  readonly env: Env;
  /** `configured`: KICK_PUBLIC_KEY; `local-simulator`: the simulator's key from secrets.json. */
  readonly kickPublicKey: 'configured' | 'local-simulator';
  /** Who answers the poller and the subscription sync; `none`: they idle. */
  readonly kickApi: 'configured' | 'simulator' | 'none';
  /** `configured`: SUMSUB_WEBHOOK_SECRETS; `local`: the secret of secrets.json. */
  readonly sumsubSecret: 'configured' | 'local';
}

function kickApiEnv(input: IngestRoleEnvInput): { env: Record<string, string>; kickApi: IngestRoleEnv['kickApi'] } {
  const { kick } = input.config;
  if (input.simulator !== null) {
    return {
      kickApi: 'simulator',
      env: {
        KICK_API_BASE_URL: input.simulator.kickApiBaseUrl,
        KICK_AUTH_BASE_URL: input.simulator.kickAuthBaseUrl ?? input.simulator.kickApiBaseUrl,
        KICK_CLIENT_ID: input.secrets.kickSimulatorClientId,
        KICK_CLIENT_SECRET: input.secrets.kickSimulatorClientSecret,
      },
    };
  }
  const endpoints = { KICK_API_BASE_URL: kick.apiBaseUrl, KICK_AUTH_BASE_URL: kick.authBaseUrl };
  if (kick.clientId === null || kick.clientSecret === null) return { kickApi: 'none', env: endpoints };
  return { kickApi: 'configured', env: { ...endpoints, KICK_CLIENT_ID: kick.clientId, KICK_CLIENT_SECRET: kick.clientSecret } };
}

/** The ingest role's environment: the stack's databases, listeners, targets and the local secrets. */
export function ingestRoleEnv(input: IngestRoleEnvInput): IngestRoleEnv {
  const { config, secrets } = input;
  const kickApi = kickApiEnv(input);
  const env: Record<string, string> = {
    DM_DATABASE_URL: input.dmDatabaseUrl,
    VF_DATA_DIR: config.dataDir,
    INGEST_HOST: config.ingestHost,
    INGEST_PORT: String(input.ports.ingest),
    ADMIN_PORT: String(input.ports.admin),
    LOG_LEVEL: config.logLevel,
    SUMSUB_WEBHOOK_SECRETS: config.sumsubWebhookSecrets.length > 0 ? config.sumsubWebhookSecrets.join(',') : secrets.sumsubWebhookSecret,
    // Without a configured key the stack trusts the simulator's, so simulated webhooks verify.
    KICK_PUBLIC_KEY: config.kick.publicKeyPem ?? secrets.kickSimulatorPublicKeyPem,
    KICK_REPLAY_WINDOW_SECONDS: String(config.kick.replayWindowSeconds),
    ...kickApi.env,
    FANOUT_TARGETS: input.targets.map((target) => `${target.name}=${target.url}/internal/events`).join(','),
    FANOUT_BATCH_MAX_EVENTS: String(config.fanout.batchMaxEvents),
    FANOUT_BATCH_MAX_BYTES: String(config.fanout.batchMaxBytes),
    FANOUT_TIMEOUT_MS: String(config.fanout.timeoutMs),
    FANOUT_BACKOFF_MAX_MS: String(config.fanout.backoffMaxMs),
    FANOUT_MAX_ATTEMPTS: String(config.fanout.maxAttempts),
    OUTBOX_RETENTION_DAYS: String(config.outboxRetentionDays),
    RAW_BODY_TTL_DAYS: String(config.rawBodyTtlDays),
    // For GET /admin/status, so it and `vf status` call the same stages behind.
    STATUS_MAX_LAG_SECONDS: String(config.status.maxLagSeconds),
    STATUS_MAX_RAW_SINK_BACKLOG: String(config.status.maxRawSinkBacklog),
  };
  for (const target of input.targets) env[fanoutSecretVariable(target.name)] = target.secret;
  if (config.clickhouseUrl !== null) env.CLICKHOUSE_URL = config.clickhouseUrl;
  if (config.adminToken !== null) env.ADMIN_TOKEN = config.adminToken;
  return {
    env,
    kickPublicKey: config.kick.publicKeyPem === null ? 'local-simulator' : 'configured',
    kickApi: kickApi.kickApi,
    sumsubSecret: config.sumsubWebhookSecrets.length > 0 ? 'configured' : 'local',
  };
}

/** Inputs of {@link envApiRoleEnv}. */
export interface EnvApiRoleEnvInput {
  readonly config: Config<'local'>;
  readonly name: string;
  readonly databaseUrl: string;
  /** vf-pg-dm as this environment may read it (SELECT only), or null. */
  readonly dmDatabaseUrl: string | null;
  readonly port: number;
  /** The environment's `whsec_` secret: the one the fan-out signs with. */
  readonly secret: string;
}

/** One environment role's environment. */
export function envApiRoleEnv(input: EnvApiRoleEnvInput): Env {
  const { config } = input;
  const env: Record<string, string> = {
    ENV_NAME: input.name,
    DATABASE_URL: input.databaseUrl,
    INTERNAL_EVENTS_SECRETS: input.secret,
    ENV_API_HOST: config.envApiHost,
    ENV_API_PORT: String(input.port),
    PROCESSED_EVENTS_RETENTION_DAYS: String(config.processedEventsRetentionDays),
    VF_DATA_DIR: config.dataDir,
    LOG_LEVEL: config.logLevel,
  };
  if (input.dmDatabaseUrl !== null) env.DM_DATABASE_URL = input.dmDatabaseUrl;
  if (config.clickhouseUrl !== null) env.CLICKHOUSE_URL = config.clickhouseUrl;
  return env;
}
