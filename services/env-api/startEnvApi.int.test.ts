/**
 * The environment role as `npm run start:env-api` runs it, from environment variables: a real
 * listener, a signed batch over HTTP, the database as vf_env; and the start refusals.
 */
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../shared/config/loadConfig.ts';
import { silentLogger } from '../shared/logging/createLogger.ts';
import { pickFreePort } from '../shared/pg/embedded/freePort.ts';
import { createTestDatabase, useTestDatabase } from '../shared/testkit/testDatabase.ts';
import { startEnvApi, type RunningEnvApi } from './startEnvApi.ts';
import { processedRows } from './test/dbRows.ts';
import { createTestWritesTable, envelopeOf, NEW_SECRET, OLD_SECRET, withRole } from './test/envAppHarness.ts';
import { everyType, writing } from './test/testProjectorKit.ts';

const db = useTestDatabase('env');
let running: RunningEnvApi;

async function envVariables(databaseUrl: string, secrets = `${OLD_SECRET},${NEW_SECRET}`): Promise<Record<string, string>> {
  return { ENV_NAME: 'qa-west', DATABASE_URL: withRole(databaseUrl, 'vf_env'), INTERNAL_EVENTS_SECRETS: secrets, ENV_API_PORT: String(await pickFreePort(0)) };
}

beforeAll(async () => {
  await createTestWritesTable(db.current.url);
  running = await startEnvApi(loadConfig('env-api', await envVariables(db.current.url)), silentLogger(), { projectors: everyType(writing('over http')) });
}, 60_000);

afterAll(async () => {
  await running.stop();
});

describe('startEnvApi', () => {
  it('listens on ENV_API_HOST (default 127.0.0.1) and answers ready, ClickHouse unconfigured', async () => {
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(`${running.url}/readyz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ready', postgres: { status: 'up', error: null }, clickhouse: { status: 'unconfigured', mode: 'none', error: null } });
  });

  it('applies a batch signed with a configured secret over HTTP', async () => {
    const envelope = envelopeOf('kick.chat.message.sent.v1');
    const body = JSON.stringify([envelope]);
    const at = new Date();
    const response = await fetch(`${running.url}/internal/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/cloudevents-batch+json',
        'webhook-id': 'batch-http-1',
        'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
        'webhook-signature': new Webhook(OLD_SECRET).sign('batch-http-1', at, body),
      },
      body,
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ results: [{ id: envelope.id, status: 'processed' }] });
    expect(await processedRows(db.current.url, [String(envelope.id)])).toEqual({ [String(envelope.id)]: 'kick.chat.message.sent.v1' });
  });

  it('exposes its metrics, process metrics included', async () => {
    const text = await (await fetch(`${running.url}/metrics`)).text();
    expect(text).toContain('vf_envapi_events_total{type="kick.chat.message.sent.v1",status="processed"} 1');
    expect(text).toContain('process_cpu_user_seconds_total');
  });

  it('refuses to start on a database without the read model, naming the command to run', async () => {
    const empty = await createTestDatabase('empty');
    try {
      await expect(startEnvApi(loadConfig('env-api', await envVariables(empty.url)), silentLogger())).rejects.toMatchObject({ code: 'ENVAPI_SCHEMA_MISSING', message: expect.stringContaining('npx vf migrate env') });
    } finally {
      await empty.drop();
    }
  });

  it('refuses to start with a secret that is not whsec_<base64>', async () => {
    await expect(startEnvApi(loadConfig('env-api', await envVariables(db.current.url, `${NEW_SECRET},whsec_%%%`)), silentLogger())).rejects.toMatchObject({ code: 'ENVAPI_SECRET_INVALID', message: 'INTERNAL_EVENTS_SECRETS entry 2 is not a whsec_<base64> secret' });
  });
});
