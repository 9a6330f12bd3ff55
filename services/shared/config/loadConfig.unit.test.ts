import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { ConfigError, loadConfig } from './loadConfig.ts';

function problemsOf(run: () => unknown): { variable: string; message: string }[] {
  try {
    run();
  } catch (e: unknown) {
    expect(e).toBeInstanceOf(ConfigError);
    return [...(e as ConfigError).problems];
  }
  throw new Error('expected loadConfig to throw');
}

const validIngest = {
  DM_DATABASE_URL: 'postgres://vf_ingest@db.internal/vf_dm',
  SUMSUB_WEBHOOK_SECRETS: 'old, new',
};

describe('loadConfig', () => {
  it('applies the documented defaults for the ingest role', () => {
    const config = loadConfig('ingest', validIngest);
    expect(config).toMatchObject({
      ingestPort: 8080, ingestHost: '127.0.0.1', adminPort: 9464, dataDir: './.data', logLevel: 'info',
      outboxRetentionDays: 30, rawBodyTtlDays: 365, clickhouseUrl: null,
      sumsubWebhookSecrets: ['old', 'new'],
      fanout: { targets: [], batchMaxEvents: 500, batchMaxBytes: 1_048_576, timeoutMs: 10_000, backoffMaxMs: 3_600_000, maxAttempts: 25 },
      kick: { apiBaseUrl: 'https://api.kick.com', authBaseUrl: 'https://id.kick.com', replayWindowSeconds: 172_800 },
    });
  });

  it('reports every problem at once, each naming its variable', () => {
    const problems = problemsOf(() =>
      loadConfig('ingest', { INGEST_PORT: '80a', FANOUT_MAX_ATTEMPTS: '0', LOG_LEVEL: 'loud', KICK_CLIENT_ID: 'id' }),
    );
    expect(problems.map((p) => p.variable).sort()).toEqual([
      'DM_DATABASE_URL', 'FANOUT_MAX_ATTEMPTS', 'INGEST_PORT', 'KICK_CLIENT_SECRET', 'LOG_LEVEL', 'SUMSUB_WEBHOOK_SECRETS',
    ]);
  });

  it('fails with the stable code CONFIG_INVALID and a message listing the variables', () => {
    const error = (() => {
      try {
        loadConfig('env-api', {});
      } catch (e: unknown) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('CONFIG_INVALID');
    expect((error as AppError).message).toMatch(/ENV_NAME[\s\S]*DATABASE_URL[\s\S]*INTERNAL_EVENTS_SECRETS/);
  });

  it('rejects a database URL with the wrong scheme', () => {
    const problems = problemsOf(() => loadConfig('ingest', { ...validIngest, DM_DATABASE_URL: 'mysql://x/y' }));
    expect(problems).toEqual([{ variable: 'DM_DATABASE_URL', message: expect.stringContaining('postgres://') }]);
  });

  it('returns a deeply frozen object', () => {
    const config = loadConfig('ingest', validIngest);
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.fanout)).toBe(true);
    expect(Object.isFrozen(config.sumsubWebhookSecrets)).toBe(true);
  });

  it('lets the local role run with nothing set and collects ENV_DATABASE_URL_<NAME>', () => {
    const config = loadConfig('local', { ENV_DATABASE_URL_STAGE: 'postgres://h/vf_stage' });
    expect(config.dmDatabaseUrl).toBeNull();
    expect(config.envDatabaseUrls).toEqual({ stage: 'postgres://h/vf_stage' });
  });

  it('validates ENV_NAME for the environment API role', () => {
    const problems = problemsOf(() =>
      loadConfig('env-api', { ENV_NAME: 'Stage!', DATABASE_URL: 'postgres://h/vf_stage', INTERNAL_EVENTS_SECRETS: 'whsec_a' }),
    );
    expect(problems.map((p) => p.variable)).toEqual(['ENV_NAME']);
  });
});
