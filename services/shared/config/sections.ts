/**
 * Groups of variables that several role schemas share.
 */
import { configDefaults } from './defaults.ts';
import type { EnvReader } from './envReader.ts';
import { readFanoutTargets, type FanoutTarget } from './fanoutTargets.ts';

/** Kick credentials, endpoints and the replay window. */
export interface KickConfig {
  /** PEM; null means fetch it from Kick at start (falling back to the documented key). */
  publicKeyPem: string | null;
  clientId: string | null;
  clientSecret: string | null;
  apiBaseUrl: string;
  authBaseUrl: string;
  replayWindowSeconds: number;
}

/** Fan-out targets and tuning (DESIGN §6). */
export interface FanoutConfig {
  /** Empty: dry-run mode, nothing is sent. */
  targets: readonly FanoutTarget[];
  batchMaxEvents: number;
  batchMaxBytes: number;
  timeoutMs: number;
  backoffMaxMs: number;
  maxAttempts: number;
}

/** When `vf status` calls a stage behind (exit code 3); flags of the command override them. */
export interface StatusThresholds {
  /** A target whose oldest pending delivery is older than this is behind (STATUS_MAX_LAG_SECONDS). */
  maxLagSeconds: number;
  /**
   * Inbox rows not yet written to ClickHouse, and received rows missing from `vf.raw_events`,
   * beyond which the raw sink is behind (STATUS_MAX_RAW_SINK_BACKLOG).
   */
  maxRawSinkBacklog: number;
}

const httpProtocols = ['http:', 'https:'];

/** Reads KICK_*; the client id and secret come as a pair or not at all. */
export function readKick(reader: EnvReader): KickConfig {
  const clientId = reader.optionalString('KICK_CLIENT_ID');
  const clientSecret = reader.optionalString('KICK_CLIENT_SECRET');
  if ((clientId === null) !== (clientSecret === null)) {
    reader.report(clientId === null ? 'KICK_CLIENT_ID' : 'KICK_CLIENT_SECRET', 'KICK_CLIENT_ID and KICK_CLIENT_SECRET are set together or not at all');
  }
  const publicKeyPem = reader.optionalString('KICK_PUBLIC_KEY');
  if (publicKeyPem !== null && !publicKeyPem.includes('BEGIN PUBLIC KEY')) {
    reader.report('KICK_PUBLIC_KEY', 'must be a PEM public key (-----BEGIN PUBLIC KEY-----)');
  }
  return {
    publicKeyPem,
    clientId,
    clientSecret,
    apiBaseUrl: reader.url('KICK_API_BASE_URL', httpProtocols, false) ?? configDefaults.kickApiBaseUrl,
    authBaseUrl: reader.url('KICK_AUTH_BASE_URL', httpProtocols, false) ?? configDefaults.kickAuthBaseUrl,
    replayWindowSeconds: reader.int('KICK_REPLAY_WINDOW_SECONDS', configDefaults.kickReplayWindowSeconds, { min: 60 }),
  };
}

/** Reads FANOUT_*. */
export function readFanout(reader: EnvReader): FanoutConfig {
  return {
    targets: readFanoutTargets(reader),
    batchMaxEvents: reader.int('FANOUT_BATCH_MAX_EVENTS', configDefaults.fanoutBatchMaxEvents, { min: 1, max: 10_000 }),
    batchMaxBytes: reader.int('FANOUT_BATCH_MAX_BYTES', configDefaults.fanoutBatchMaxBytes, { min: 1_024 }),
    timeoutMs: reader.int('FANOUT_TIMEOUT_MS', configDefaults.fanoutTimeoutMs, { min: 100 }),
    backoffMaxMs: reader.int('FANOUT_BACKOFF_MAX_MS', configDefaults.fanoutBackoffMaxMs, { min: 1_000 }),
    maxAttempts: reader.int('FANOUT_MAX_ATTEMPTS', configDefaults.fanoutMaxAttempts, { min: 1 }),
  };
}

/** Reads STATUS_*. */
export function readStatusThresholds(reader: EnvReader): StatusThresholds {
  return {
    maxLagSeconds: reader.int('STATUS_MAX_LAG_SECONDS', configDefaults.statusMaxLagSeconds, { min: 1 }),
    maxRawSinkBacklog: reader.int('STATUS_MAX_RAW_SINK_BACKLOG', configDefaults.statusMaxRawSinkBacklog, { min: 0 }),
  };
}

/** PostgreSQL URL schemes. */
export const postgresProtocols = ['postgres:', 'postgresql:'];

/** ClickHouse over HTTP(S). */
export const clickhouseProtocols = httpProtocols;
