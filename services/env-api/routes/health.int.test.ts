/**
 * `/healthz`, `/readyz` and `/metrics` of the environment API on a real environment database.
 */
import { ClickHouseLogLevel, createClient } from '@clickhouse/client';
import { afterEach, describe, expect, it } from 'vitest';
import { validateGetChatHistogramResponse503, validateGetHealthzResponse200, validateGetMetricsResponse200, validateGetReadyzResponse200, validateGetReadyzResponse503 } from '../../../generated/openapi/internal-events.validators.cjs';
import { createEnvPool } from '../../shared/pg/pools.ts';
import { useTestDatabase } from '../../shared/testkit/testDatabase.ts';
import { envelopeOf, signedBatch, startEnvApp, withRole, type EnvHarness, type EnvHarnessOptions } from '../test/envAppHarness.ts';
import { startTcpProxy } from '../test/tcpProxy.ts';
import { everyType, stub } from '../test/testProjectorKit.ts';

const db = useTestDatabase('env');

let harness: EnvHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function start(options: EnvHarnessOptions = {}): Promise<EnvHarness> {
  harness = await startEnvApp(db.current.url, options);
  return harness;
}

describe('GET /healthz', () => {
  it('answers ok', async () => {
    const { app } = await start();
    const response = await app.inject({ method: 'GET', url: '/healthz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
    expect(validateGetHealthzResponse200(response.json())).toBe(true);
  });
});

describe('GET /readyz', () => {
  it('is ready when PostgreSQL answers, reporting ClickHouse unconfigured', async () => {
    const { app } = await start();
    const response = await app.inject({ method: 'GET', url: '/readyz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ready', postgres: { status: 'up', error: null }, clickhouse: { status: 'unconfigured', mode: 'none', error: null } });
    expect(validateGetReadyzResponse200(response.json())).toBe(true);
  });

  it('is not ready, 503 with Retry-After and the same report, when PostgreSQL is unreachable', async () => {
    const proxy = await startTcpProxy(withRole(db.current.url, 'vf_env'));
    const pool = await createEnvPool(proxy.url, { connectionTimeoutMs: 500 });
    try {
      const { app } = await start({ pool });
      await proxy.cut();
      const response = await app.inject({ method: 'GET', url: '/readyz' });
      expect(response.statusCode).toBe(503);
      expect(response.headers['retry-after']).toBe('5');
      expect(response.json()).toMatchObject({ status: 'not_ready', postgres: { status: 'down' }, clickhouse: { status: 'unconfigured', mode: 'none' } });
      expect(validateGetReadyzResponse503(response.json())).toBe(true);
    } finally {
      await harness?.close();
      harness = undefined;
      await pool.end();
    }
  });
});

describe('a ClickHouse server that does not answer', () => {
  it('keeps the role ready and reports ClickHouse down', async () => {
    const client = createClient({ url: 'http://127.0.0.1:9', request_timeout: 1_000, log: { level: ClickHouseLogLevel.OFF } });
    try {
      const { app } = await start({ clickhouse: client, clickhouseMode: 'server' });
      const response = await app.inject({ method: 'GET', url: '/readyz' });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ status: 'ready', clickhouse: { status: 'down', mode: 'server' } });
      expect(validateGetReadyzResponse200(response.json())).toBe(true);
    } finally {
      await client.close();
    }
  });

  it('answers the chat histogram 503 ENVAPI_CLICKHOUSE_UNAVAILABLE', async () => {
    const client = createClient({ url: 'http://127.0.0.1:9', request_timeout: 1_000, log: { level: ClickHouseLogLevel.OFF } });
    try {
      const { app } = await start({ clickhouse: client, clickhouseMode: 'server' });
      const response = await app.inject({ method: 'GET', url: '/admin/chat-histogram?broadcaster_user_id=1&from=2025-01-14T16:00:00Z&to=2025-01-14T17:00:00Z' });
      expect(response.statusCode).toBe(503);
      expect(response.json()).toMatchObject({ code: 'ENVAPI_CLICKHOUSE_UNAVAILABLE' });
      expect(validateGetChatHistogramResponse503(response.json())).toBe(true);
    } finally {
      await client.close();
    }
  });
});

describe('GET /metrics', () => {
  it('serves the Prometheus text with events by type and status and the apply latency', async () => {
    const { app } = await start({ projectors: everyType(stub('parked')) });
    await app.inject(signedBatch([envelopeOf('kick.chat.message.sent.v1')]));
    const response = await app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    expect(validateGetMetricsResponse200(response.body)).toBe(true);
    expect(response.body).toContain('vf_envapi_events_total{type="kick.chat.message.sent.v1",status="unsupported"} 1');
    expect(response.body).toMatch(/vf_envapi_apply_seconds_count\{type="kick\.chat\.message\.sent\.v1",status="unsupported"\} 1/);
  });
});
