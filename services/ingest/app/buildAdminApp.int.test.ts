import { createServer, connect, type Socket } from 'node:net';
import { ClickHouseLogLevel, createClient } from '@clickhouse/client';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  validateGetReadyzResponse200,
  validateGetReadyzResponse503,
  validateQueryClickhouseResponse200,
  validateQueryClickhouseResponse400,
  validateQueryClickhouseResponse404,
} from '../../../generated/openapi/ingest.validators.cjs';
import { insertRawEvents, openMigratedClickhouse, type TestClickhouse } from '../../shared/clickhouse/test/clickhouseTestKit.ts';
import { silentLogger } from '../../shared/logging/createLogger.ts';
import { createDmPool, type DmPool } from '../../shared/pg/pools.ts';
import { useTestDatabase } from '../../shared/testkit/testDatabase.ts';
import { createIngestMetrics } from '../metrics/ingestMetrics.ts';
import { urlAsRole } from '../rawSink/test/seedInbox.ts';
import { buildAdminApp, type AdminAppDeps } from './buildAdminApp.ts';

const db = useTestDatabase('dm');
let clickhouse: TestClickhouse;
let pool: DmPool;

beforeAll(async () => {
  clickhouse = await openMigratedClickhouse();
  pool = await createDmPool(urlAsRole(db.current.url, 'vf_ingest'));
  await insertRawEvents(clickhouse.client, [
    { raw_id: 'bridge-1', broadcaster_user_id: 9001 },
    { raw_id: 'bridge-2', broadcaster_user_id: 9001 },
    { raw_id: 'bridge-3', broadcaster_user_id: 9002 },
  ]);
});

afterAll(async () => {
  await pool.end();
  await clickhouse.close();
});

function deps(overrides: Partial<AdminAppDeps> = {}): AdminAppDeps {
  return { pool, clickhouse: clickhouse.client, metrics: createIngestMetrics(), logger: silentLogger(), ...overrides };
}

async function withApp<T>(app: FastifyInstance, cb: (app: FastifyInstance) => Promise<T>): Promise<T> {
  try {
    return await cb(app);
  } finally {
    await app.close();
  }
}

/** A TCP relay to PostgreSQL that the test can cut, so the pool's server becomes unreachable. */
async function startRelay(targetUrl: string): Promise<{ url: string; cut(): Promise<void> }> {
  const target = new URL(targetUrl);
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(Number(target.port || 5432), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => sockets.delete(socket));
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const relayed = new URL(targetUrl);
  relayed.hostname = '127.0.0.1';
  relayed.port = String(typeof address === 'object' && address !== null ? address.port : 0);
  return {
    url: relayed.href,
    cut: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}

describe('GET /readyz', () => {
  it('answers 200 ready with both dependencies up', async () => {
    await withApp(buildAdminApp({ clickhouseMode: 'embedded' }, deps()), async (app) => {
      const response = await app.inject({ method: 'GET', url: '/readyz' });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ status: 'ready', postgres: { status: 'up', error: null }, clickhouse: { status: 'up', mode: 'embedded', error: null } });
      expect(validateGetReadyzResponse200(response.json())).toBe(true);
    });
  });

  it('stays ready when only ClickHouse is down, and says so', async () => {
    const unreachable = createClient({ url: 'http://127.0.0.1:9', request_timeout: 1_000, log: { level: ClickHouseLogLevel.OFF } });
    try {
      await withApp(buildAdminApp({ clickhouseMode: 'server' }, deps({ clickhouse: unreachable })), async (app) => {
        const response = await app.inject({ method: 'GET', url: '/readyz' });
        expect(response.statusCode).toBe(200);
        expect(response.json()).toMatchObject({ status: 'ready', postgres: { status: 'up' }, clickhouse: { status: 'down', mode: 'server', error: expect.any(String) } });
      });
    } finally {
      await unreachable.close();
    }
  });

  it('answers 503 not_ready with Retry-After when the pool can no longer reach PostgreSQL', async () => {
    const relay = await startRelay(urlAsRole(db.current.url, 'vf_ingest'));
    const cutPool = await createDmPool(relay.url, { connectionTimeoutMs: 1_000 });
    try {
      await relay.cut();
      await withApp(buildAdminApp({ clickhouseMode: 'embedded' }, deps({ pool: cutPool })), async (app) => {
        const response = await app.inject({ method: 'GET', url: '/readyz' });
        expect(response.statusCode).toBe(503);
        expect(response.headers['retry-after']).toBe('5');
        expect(response.json()).toMatchObject({ status: 'not_ready', postgres: { status: 'down', error: expect.any(String) }, clickhouse: { status: 'up' } });
        expect(validateGetReadyzResponse503(response.json())).toBe(true);
      });
    } finally {
      await cutPool.end();
    }
  });
});

describe('GET /metrics', () => {
  it('serves the ingest metrics as Prometheus text', async () => {
    const metrics = createIngestMetrics();
    metrics.rawEventsSunk.inc(3);
    await withApp(buildAdminApp({ clickhouseMode: 'embedded' }, deps({ metrics })), async (app) => {
      const response = await app.inject({ method: 'GET', url: '/metrics' });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(response.body).toContain('vf_ingest_raw_events_sunk_total 3');
      expect(response.body).toContain('# TYPE vf_ingest_raw_sink_backlog gauge');
    });
  });
});

describe('POST /admin/clickhouse/query', () => {
  const query = (app: FastifyInstance, payload: object) => app.inject({ method: 'POST', url: '/admin/clickhouse/query', payload });

  it('runs a SELECT with query parameters and answers JSONEachRow rows', async () => {
    await withApp(buildAdminApp({ clickhouseMode: 'embedded' }, deps()), async (app) => {
      const response = await query(app, {
        sql: 'SELECT raw_id, toString(broadcaster_user_id) AS channel FROM vf.raw_events WHERE broadcaster_user_id = {channel:Int64} ORDER BY raw_id;',
        params: { channel: 9001 },
      });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ format: 'JSONEachRow', rows: [{ raw_id: 'bridge-1', channel: '9001' }, { raw_id: 'bridge-2', channel: '9001' }] });
      expect(validateQueryClickhouseResponse200(response.json())).toBe(true);
    });
  });

  it('answers JSONCompactEachRow rows as arrays', async () => {
    await withApp(buildAdminApp({ clickhouseMode: 'embedded' }, deps()), async (app) => {
      const response = await query(app, { sql: 'SELECT raw_id FROM vf.raw_events WHERE raw_id = {id:String}', params: { id: 'bridge-3' }, format: 'JSONCompactEachRow' });
      expect(response.json()).toEqual({ format: 'JSONCompactEachRow', rows: [['bridge-3']] });
    });
  });

  it('refuses an INSERT with 400 INGEST_CLICKHOUSE_SQL_NOT_READ_ONLY and writes nothing', async () => {
    await withApp(buildAdminApp({ clickhouseMode: 'embedded' }, deps()), async (app) => {
      const response = await query(app, { sql: "INSERT INTO vf.raw_events (raw_id) VALUES ('intruder')" });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ code: 'INGEST_CLICKHOUSE_SQL_NOT_READ_ONLY' });
      expect(validateQueryClickhouseResponse400(response.json())).toBe(true);
      const check = await query(app, { sql: "SELECT count() AS n FROM vf.raw_events WHERE raw_id = 'intruder'" });
      expect(check.json()).toEqual({ format: 'JSONEachRow', rows: [{ n: expect.anything() }] });
      expect(Number((check.json() as { rows: { n: unknown }[] }).rows[0]?.n)).toBe(0);
    });
  });

  it('answers 400 INGEST_CLICKHOUSE_QUERY_FAILED when ClickHouse rejects the query', async () => {
    await withApp(buildAdminApp({ clickhouseMode: 'embedded' }, deps()), async (app) => {
      const response = await query(app, { sql: 'SELECT * FROM vf.no_such_table' });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ code: 'INGEST_CLICKHOUSE_QUERY_FAILED', message: expect.stringContaining('no_such_table') });
    });
  });

  it('answers 400 INGEST_REQUEST_INVALID for a body the contract refuses', async () => {
    await withApp(buildAdminApp({ clickhouseMode: 'embedded' }, deps()), async (app) => {
      const response = await query(app, { query: 'SELECT 1' });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ code: 'INGEST_REQUEST_INVALID' });
    });
  });

  it('is off (404 INGEST_CLICKHOUSE_BRIDGE_DISABLED) when the role uses a ClickHouse server', async () => {
    await withApp(buildAdminApp({ clickhouseMode: 'server' }, deps()), async (app) => {
      const response = await query(app, { sql: 'SELECT 1' });
      expect(response.statusCode).toBe(404);
      expect(response.json()).toMatchObject({ code: 'INGEST_CLICKHOUSE_BRIDGE_DISABLED' });
      expect(validateQueryClickhouseResponse404(response.json())).toBe(true);
    });
  });
});

describe('extraRoutes', () => {
  it('registers the caller’s routes on the admin app', async () => {
    const extraRoutes = (app: FastifyInstance): void => {
      app.get('/admin/extra', async () => ({ ok: true }));
    };
    await withApp(buildAdminApp({ clickhouseMode: 'embedded' }, deps({ extraRoutes })), async (app) => {
      const response = await app.inject({ method: 'GET', url: '/admin/extra' });
      expect(response.json()).toEqual({ ok: true });
    });
  });
});
