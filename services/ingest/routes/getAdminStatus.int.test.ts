import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateGetAdminStatusResponse200, validateGetAdminStatusResponse400, validateGetAdminStatusResponse503 } from '../../../generated/openapi/ingest.validators.cjs';
import { serializerCompiler, validatorCompiler } from '../../../generated/openapi/validatorCompiler.ts';
import { openMigratedClickhouse, type TestClickhouse } from '../../shared/clickhouse/test/clickhouseTestKit.ts';
import { createDmPool, type DmPool } from '../../shared/pg/pools.ts';
import { useTestDatabase } from '../../shared/testkit/testDatabase.ts';
import { createIngestRolePool, startForwarder } from '../accept/test/acceptTestKit.ts';
import { scenarioTargets, seedStatusScenario } from '../status/test/statusScenario.ts';
import { getAdminStatus, type GetAdminStatusDeps } from './getAdminStatus.ts';

function buildApp(deps: GetAdminStatusDeps): FastifyInstance {
  const app = Fastify();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  getAdminStatus(app, deps);
  return app;
}

describe('GET /admin/status', () => {
  const db = useTestDatabase('dm');
  let pool: DmPool;
  let clickhouse: TestClickhouse;
  let app: FastifyInstance;
  beforeAll(async () => {
    clickhouse = await openMigratedClickhouse();
    pool = await createIngestRolePool(db.current.url);
    await seedStatusScenario(db.current.url, clickhouse.client);
    app = buildApp({ pool, clickhouse: clickhouse.client, clickhouseMode: 'embedded', targets: scenarioTargets, retentionDays: 30 });
  });
  afterAll(async () => {
    await app.close();
    await pool.end();
    await clickhouse.close();
  });

  it('answers the counts in the contract shape', async () => {
    const response = await app.inject({ method: 'GET', url: '/admin/status' });
    expect(response.statusCode).toBe(200);
    const body: unknown = response.json();
    expect(validateGetAdminStatusResponse200(body)).toBe(true);
    expect(body).toMatchObject({
      stages: { received: 5, quarantined: 2, outboxed: 4, storedInClickhouse: 3, awaitingRawSink: 2 },
      targets: [{ target: 'qb', pending: 1, dead: 1 }, { target: 'qa', delivered: 2, pending: 2, parked: 1 }],
      clickhouse: { status: 'up', mode: 'embedded' },
    });
  });

  it('counts from `since`', async () => {
    const since = new Date(Date.now() - 30 * 60_000).toISOString();
    const response = await app.inject({ method: 'GET', url: `/admin/status?since=${encodeURIComponent(since)}` });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ since, stages: { received: 0, outboxed: 0, storedInClickhouse: 0 } });
  });

  it.each([['not a time', 'yesterday'], ['an impossible date', '2026-02-30T00:00:00Z'], ['no offset', '2026-01-02T03:04:05']])('answers 400 INGEST_QUERY_INVALID for a since that is %s', async (_name, since) => {
    const response = await app.inject({ method: 'GET', url: `/admin/status?since=${encodeURIComponent(since)}` });
    expect(response.statusCode).toBe(400);
    expect(validateGetAdminStatusResponse400(response.json())).toBe(true);
    expect(response.json()).toMatchObject({ code: 'INGEST_QUERY_INVALID' });
  });

  it('answers 200 with ClickHouse down when the role has none', async () => {
    const without = buildApp({ pool, clickhouse: null, targets: scenarioTargets, retentionDays: 30 });
    try {
      const response = await without.inject({ method: 'GET', url: '/admin/status' });
      expect(response.statusCode).toBe(200);
      expect(validateGetAdminStatusResponse200(response.json())).toBe(true);
      expect(response.json()).toMatchObject({ stages: { storedInClickhouse: null }, clickhouse: { status: 'down', mode: 'server' } });
    } finally {
      await without.close();
    }
  });

  it('answers 503 INGEST_UNAVAILABLE with Retry-After when PostgreSQL is gone', async () => {
    const forwarder = await startForwarder(db.current.url);
    const gone = await createDmPool(forwarder.url, { maximumPoolSize: 1, connectionTimeoutMs: 1_000 });
    await forwarder.stop();
    const down = buildApp({ pool: gone, clickhouse: clickhouse.client, clickhouseMode: 'embedded', targets: scenarioTargets, retentionDays: 30 });
    try {
      const response = await down.inject({ method: 'GET', url: '/admin/status' });
      expect(response.statusCode).toBe(503);
      expect(response.headers['retry-after']).toBeDefined();
      expect(validateGetAdminStatusResponse503(response.json())).toBe(true);
      expect(response.json()).toMatchObject({ code: 'INGEST_UNAVAILABLE' });
    } finally {
      await down.close();
      await gone.end();
    }
  });
});
