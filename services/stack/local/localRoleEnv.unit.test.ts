import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../shared/config/loadConfig.ts';
import type { LocalSecrets } from '../../shared/runtime/localSecrets.ts';
import { envApiRoleEnv, ingestRoleEnv, type IngestRoleEnvInput } from './localRoleEnv.ts';

const PEM = '-----BEGIN PUBLIC KEY-----\nconfigured\n-----END PUBLIC KEY-----';
const secrets: LocalSecrets = {
  fanout: { stage: 'whsec_c3RhZ2U=', production: 'whsec_cHJvZA==' },
  sumsubWebhookSecret: 'local-sumsub',
  kickSimulatorPrivateKeyPem: '-----BEGIN PRIVATE KEY-----\nx\n-----END PRIVATE KEY-----',
  kickSimulatorPublicKeyPem: '-----BEGIN PUBLIC KEY-----\nsimulator\n-----END PUBLIC KEY-----',
  kickSimulatorClientId: 'local-simulator',
  kickSimulatorClientSecret: 'simulator-secret',
};
const targets = [
  { name: 'stage', url: 'http://127.0.0.1:8081', secret: 'whsec_c3RhZ2U=' },
  { name: 'production', url: 'http://127.0.0.1:8082', secret: 'whsec_cHJvZA==' },
];

function input(env: Record<string, string>, overrides: Partial<IngestRoleEnvInput> = {}): IngestRoleEnvInput {
  return { config: loadConfig('local', env), dmDatabaseUrl: 'postgres://u:p@127.0.0.1:5433/vf_dm', ports: { ingest: 8080, admin: 9464 }, secrets, targets, simulator: null, ...overrides };
}

describe('ingestRoleEnv', () => {
  it('gives a configuration the ingest schema accepts, fanning out to both environments with their secrets', () => {
    const built = ingestRoleEnv(input({ FANOUT_MAX_ATTEMPTS: '7', OUTBOX_RETENTION_DAYS: '3', VF_DATA_DIR: '/d', STATUS_MAX_LAG_SECONDS: '42' }));
    const config = loadConfig('ingest', built.env);
    expect(config.fanout.targets).toEqual([
      { name: 'stage', url: 'http://127.0.0.1:8081/internal/events', secretVariable: 'FANOUT_SECRET_STAGE', secrets: ['whsec_c3RhZ2U='] },
      { name: 'production', url: 'http://127.0.0.1:8082/internal/events', secretVariable: 'FANOUT_SECRET_PRODUCTION', secrets: ['whsec_cHJvZA=='] },
    ]);
    expect(config).toMatchObject({ dmDatabaseUrl: 'postgres://u:p@127.0.0.1:5433/vf_dm', dataDir: '/d', ingestPort: 8080, adminPort: 9464, outboxRetentionDays: 3, clickhouseUrl: null });
    expect(config.fanout.maxAttempts).toBe(7);
    expect(built.env.STATUS_MAX_LAG_SECONDS).toBe('42');
  });

  it('trusts the simulator key and the local Sumsub secret when none is configured, and idles the poller', () => {
    const built = ingestRoleEnv(input({}));
    const config = loadConfig('ingest', built.env);
    expect(config.kick.publicKeyPem).toBe(secrets.kickSimulatorPublicKeyPem);
    expect(config.sumsubWebhookSecrets).toEqual(['local-sumsub']);
    expect(config.kick.clientId).toBeNull();
    expect(built).toMatchObject({ kickPublicKey: 'local-simulator', kickApi: 'none', sumsubSecret: 'local' });
  });

  it('keeps the configured Kick key, credentials, endpoints and Sumsub secrets', () => {
    const env = { KICK_PUBLIC_KEY: PEM, KICK_CLIENT_ID: 'id', KICK_CLIENT_SECRET: 'secret', KICK_API_BASE_URL: 'http://kick.test', KICK_AUTH_BASE_URL: 'http://id.kick.test', SUMSUB_WEBHOOK_SECRETS: 'a,b', CLICKHOUSE_URL: 'http://ch:8123' };
    const built = ingestRoleEnv(input(env));
    const config = loadConfig('ingest', built.env);
    expect(config.kick).toMatchObject({ publicKeyPem: PEM, clientId: 'id', clientSecret: 'secret', apiBaseUrl: 'http://kick.test', authBaseUrl: 'http://id.kick.test' });
    expect(config.sumsubWebhookSecrets).toEqual(['a', 'b']);
    expect(config.clickhouseUrl).toBe('http://ch:8123');
    expect(built).toMatchObject({ kickPublicKey: 'configured', kickApi: 'configured', sumsubSecret: 'configured' });
  });

  it('points the Kick API at the simulator with its local credentials when the simulator runs', () => {
    const built = ingestRoleEnv(input({ KICK_CLIENT_ID: 'id', KICK_CLIENT_SECRET: 'secret' }, { simulator: { kickApiBaseUrl: 'http://127.0.0.1:7000' } }));
    const config = loadConfig('ingest', built.env);
    expect(config.kick).toMatchObject({ clientId: 'local-simulator', clientSecret: 'simulator-secret', apiBaseUrl: 'http://127.0.0.1:7000', authBaseUrl: 'http://127.0.0.1:7000' });
    expect(built.kickApi).toBe('simulator');
  });
});

describe('envApiRoleEnv', () => {
  it('gives a configuration the environment schema accepts, verifying with the secret the fan-out signs with', () => {
    const local = loadConfig('local', { PROCESSED_EVENTS_RETENTION_DAYS: '9', ENV_API_HOST: '127.0.0.2' });
    const config = loadConfig('env-api', envApiRoleEnv({ config: local, name: 'production', databaseUrl: 'postgres://h/vf_production', dmDatabaseUrl: 'postgres://h/vf_dm', port: 8082, secret: 'whsec_cHJvZA==' }));
    expect(config).toMatchObject({
      envName: 'production',
      databaseUrl: 'postgres://h/vf_production',
      dmDatabaseUrl: 'postgres://h/vf_dm',
      internalEventsSecrets: ['whsec_cHJvZA=='],
      envApiHost: '127.0.0.2',
      envApiPort: 8082,
      processedEventsRetentionDays: 9,
    });
  });
});
