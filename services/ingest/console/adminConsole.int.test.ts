/**
 * The console on the real admin app: the built files served (and a clear 503 before a build), the
 * catalogue read, and ADMIN_TOKEN guarding the actions (and only the actions).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClickHouseClient } from '@clickhouse/client';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_TYPES } from '../../../generated/asyncapi/catalogue.ts';
import {
  validateGetEventCatalogueResponse200,
  validateReplayQuarantineResponse200,
  validateReplayQuarantineResponse401,
  validateReplayQuarantineResponse403,
  validateRetryDeliveriesResponse401,
} from '../../../generated/openapi/ingest.validators.cjs';
import type { DmPool } from '../../shared/pg/pools.ts';
import { useTestDatabase } from '../../shared/testkit/testDatabase.ts';
import { createIngestPool } from '../quarantine/test/quarantineSeeds.ts';
import { buildConsole } from './buildConsole.ts';
import { buildConsoleApp, unreachableClickhouse } from './test/consoleTestKit.ts';

const db = useTestDatabase('dm');
let pool: DmPool;
let clickhouse: ClickHouseClient;
let outDir = '';
const apps: FastifyInstance[] = [];

beforeAll(async () => {
  pool = await createIngestPool(db.current.url);
  clickhouse = unreachableClickhouse();
  outDir = await mkdtemp(join(tmpdir(), 'vf-console-'));
  await buildConsole({ outDir });
});
afterAll(async () => {
  for (const app of apps) await app.close();
  await clickhouse.close();
  await pool.end();
  await rm(outDir, { recursive: true, force: true });
});

function app(config: { adminToken?: string | null; consoleDir?: string } = {}): FastifyInstance {
  const built = buildConsoleApp({ pool, clickhouse, config: { consoleDir: outDir, ...config }, targets: ['qa'] });
  apps.push(built);
  return built;
}

describe('/console', () => {
  it('serves the built page with a strict content security policy, and its script and stylesheet', async () => {
    const admin = app();
    for (const url of ['/console', '/console/']) {
      const page = await admin.inject({ method: 'GET', url });
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(page.headers['content-security-policy']).toContain("script-src 'self'");
      expect(page.body).toContain('<script type="module" src="/console/app.js"></script>');
    }
    const script = await admin.inject({ method: 'GET', url: '/console/app.js' });
    expect([script.statusCode, script.headers['content-type']]).toEqual([200, 'text/javascript; charset=utf-8']);
    expect(script.body).toContain('/admin/status');
    const style = await admin.inject({ method: 'GET', url: '/console/app.css' });
    expect([style.statusCode, style.headers['content-type']]).toEqual([200, 'text/css; charset=utf-8']);
    // uPlot's own stylesheet is bundled in.
    expect(style.body).toContain('.uplot');
  });

  it.each(['/console/package.json', '/console/..%2F..%2Fpackage.json', '/console/index.html%00'])('answers 404 for %s: only the built files are served', async (url) => {
    expect((await app().inject({ method: 'GET', url })).statusCode).toBe(404);
  });

  it('answers 503 with the command to run while the console is not built', async () => {
    const page = await app({ consoleDir: join(outDir, 'missing') }).inject({ method: 'GET', url: '/console/' });
    expect(page.statusCode).toBe(503);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('console not built: run <code>npm run build:console</code>');
  });
});

describe('GET /admin/catalogue', () => {
  it('lists every event type of the contract with its link into /docs', async () => {
    const response = await app().inject({ method: 'GET', url: '/admin/catalogue' });
    expect(response.statusCode).toBe(200);
    const body = response.json<{ events: { type: string; docsPath: string }[] }>();
    expect(validateGetEventCatalogueResponse200(body)).toBe(true);
    expect(body.events.map((e) => e.type)).toEqual([...EVENT_TYPES]);
    expect(body.events.find((e) => e.type === 'kick.chat.message.sent.v1')).toMatchObject({
      provider: 'kick',
      providerName: 'chat.message.sent',
      providerVersion: '1',
      docsPath: '/docs/#event-kick.chat.message.sent.v1',
    });
  });
});

describe('ADMIN_TOKEN', () => {
  const replay = { method: 'POST', url: '/admin/quarantine/replay', payload: {} } as const;

  it('refuses an action without the token: 401 INGEST_ADMIN_TOKEN_MISSING, with a Bearer challenge', async () => {
    const guarded = app({ adminToken: 's3cret' });
    const response = await guarded.inject(replay);
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer realm="vf-admin"');
    expect(validateReplayQuarantineResponse401(response.json())).toBe(true);
    expect(response.json()).toMatchObject({ code: 'INGEST_ADMIN_TOKEN_MISSING' });
    const retry = await guarded.inject({ method: 'POST', url: '/admin/deliveries/retry', payload: { status: 'dead' } });
    expect(retry.statusCode).toBe(401);
    expect(validateRetryDeliveriesResponse401(retry.json())).toBe(true);
  });

  it('refuses another token: 403 INGEST_ADMIN_TOKEN_INVALID', async () => {
    const response = await app({ adminToken: 's3cret' }).inject({ ...replay, headers: { authorization: 'Bearer s3cret2' } });
    expect(response.statusCode).toBe(403);
    expect(validateReplayQuarantineResponse403(response.json())).toBe(true);
    expect(response.json()).toMatchObject({ code: 'INGEST_ADMIN_TOKEN_INVALID' });
  });

  it('lets the action through with the token', async () => {
    const response = await app({ adminToken: 's3cret' }).inject({ ...replay, headers: { authorization: 'Bearer s3cret' } });
    expect(response.statusCode).toBe(200);
    expect(validateReplayQuarantineResponse200(response.json())).toBe(true);
  });

  it('never guards reads, the read-only ClickHouse bridge or the console', async () => {
    const guarded = app({ adminToken: 's3cret' });
    for (const url of ['/admin/quarantine', '/admin/catalogue', '/admin/charts/event-rates', '/console/']) {
      expect([url, (await guarded.inject({ method: 'GET', url })).statusCode]).toEqual([url, 200]);
    }
    const bridge = await guarded.inject({ method: 'POST', url: '/admin/clickhouse/query', payload: { sql: 'SELECT 1' } });
    // This role's ClickHouse is a server: the bridge answers that it is off, not that a token is missing.
    expect(bridge.json()).toMatchObject({ code: 'INGEST_CLICKHOUSE_BRIDGE_DISABLED' });
  });

  it('guards nothing when ADMIN_TOKEN is not set', async () => {
    expect((await app({ adminToken: null }).inject(replay)).statusCode).toBe(200);
  });
});
