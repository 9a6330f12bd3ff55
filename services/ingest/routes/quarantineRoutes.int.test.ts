import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  validateListQuarantineResponse200,
  validateListQuarantineResponse400,
  validateReplayQuarantineResponse200,
  validateReplayQuarantineResponse400,
  validateReplayQuarantineResponse503,
} from '../../../generated/openapi/ingest.validators.cjs';
import { serializerCompiler, validatorCompiler } from '../../../generated/openapi/validatorCompiler.ts';
import { createDmPool, type DmPool } from '../../shared/pg/pools.ts';
import { useTestDatabase } from '../../shared/testkit/testDatabase.ts';
import { startForwarder } from '../accept/test/acceptTestKit.ts';
import { createIngestPool, seedQuarantine } from '../quarantine/test/quarantineSeeds.ts';
import { listQuarantineRoute } from './listQuarantine.ts';
import { replayQuarantineRoute } from './replayQuarantine.ts';

function buildApp(pool: DmPool): FastifyInstance {
  const app = Fastify();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  listQuarantineRoute(app, { pool });
  replayQuarantineRoute(app, { pool, targets: ['qa'] });
  return app;
}

describe('GET /admin/quarantine and POST /admin/quarantine/replay', () => {
  const db = useTestDatabase('dm');
  let pool: DmPool;
  let app: FastifyInstance;
  let ids: string[] = [];
  beforeAll(async () => {
    pool = await createIngestPool(db.current.url);
    app = buildApp(pool);
    ids = await seedQuarantine(pool, [
      { kind: 'window', nonce: 'route-1' },
      { kind: 'unknownVersion', nonce: 'route-2' },
      { kind: 'window', type: 'kick.moderation.banned.v1', nonce: 'route-3' },
    ]);
  });
  afterAll(async () => {
    await app.close();
    await pool.end();
  });

  it('lists a page with its cursor, in the contract shape', async () => {
    const first = await app.inject({ method: 'GET', url: '/admin/quarantine?limit=2' });
    expect(first.statusCode).toBe(200);
    const page: unknown = first.json();
    expect(validateListQuarantineResponse200(page)).toBe(true);
    expect(page).toMatchObject({ items: [{ id: ids[2] }, { id: ids[1] }], nextCursor: expect.any(String) });
    const cursor = (page as { nextCursor: string }).nextCursor;
    const second = await app.inject({ method: 'GET', url: `/admin/quarantine?limit=2&cursor=${cursor}&provider=kick` });
    expect(second.json()).toEqual({ items: [expect.objectContaining({ id: ids[0] })], nextCursor: null });
  });

  it.each([
    ['a page size out of range', '/admin/quarantine?limit=0'],
    ['an unknown reason', '/admin/quarantine?reason=INGEST_NOPE'],
    ['a cursor we did not issue', '/admin/quarantine?cursor=bm9wZQ'],
  ])('answers 400 INGEST_QUERY_INVALID for %s', async (_name, url) => {
    const response = await app.inject({ method: 'GET', url });
    expect(response.statusCode).toBe(400);
    expect(validateListQuarantineResponse400(response.json())).toBe(true);
    expect(response.json()).toMatchObject({ code: 'INGEST_QUERY_INVALID' });
  });

  it('replays: releases what passes, keeps what fails, and answers not_found', async () => {
    const unknown = '0190a000-0000-7000-8000-0000000beef0';
    const response = await app.inject({ method: 'POST', url: '/admin/quarantine/replay', payload: { ids: [ids[0], ids[1], unknown] } });
    expect(response.statusCode).toBe(200);
    const body: unknown = response.json();
    expect(validateReplayQuarantineResponse200(body)).toBe(true);
    expect(body).toEqual({
      released: 1,
      stillQuarantined: 1,
      results: [
        { id: ids[0], outcome: 'released', envelopeId: expect.any(String) },
        { id: ids[1], outcome: 'still_quarantined', reason: 'INGEST_EVENT_TYPE_UNKNOWN' },
        { id: unknown, outcome: 'not_found' },
      ],
    });
    const again = await app.inject({ method: 'POST', url: '/admin/quarantine/replay', payload: { ids: [ids[0]] } });
    expect(again.json()).toEqual({ released: 0, stillQuarantined: 0, results: [{ id: ids[0], outcome: 'already_released' }] });
  });

  it.each([
    ['ids that are not UUIDs', { ids: ['nope'] }],
    ['an empty id list', { ids: [] }],
    ['an unknown field', { everything: true }],
  ])('answers 400 INGEST_REQUEST_INVALID for %s', async (_name, payload) => {
    const response = await app.inject({ method: 'POST', url: '/admin/quarantine/replay', payload });
    expect(response.statusCode).toBe(400);
    expect(validateReplayQuarantineResponse400(response.json())).toBe(true);
    expect(response.json()).toMatchObject({ code: 'INGEST_REQUEST_INVALID' });
  });

  it('answers 503 INGEST_UNAVAILABLE with Retry-After when PostgreSQL is gone', async () => {
    const forwarder = await startForwarder(db.current.url);
    const gone = await createDmPool(forwarder.url, { maximumPoolSize: 1, connectionTimeoutMs: 1_000 });
    await forwarder.stop();
    const down = buildApp(gone);
    try {
      const response = await down.inject({ method: 'POST', url: '/admin/quarantine/replay', payload: {} });
      expect(response.statusCode).toBe(503);
      expect(response.headers['retry-after']).toBeDefined();
      expect(validateReplayQuarantineResponse503(response.json())).toBe(true);
    } finally {
      await down.close();
      await gone.end();
    }
  });
});
