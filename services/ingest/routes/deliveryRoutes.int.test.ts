import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  validateListDeliveriesResponse200,
  validateListDeliveriesResponse400,
  validateListDeliveriesResponse503,
  validateRetryDeliveriesResponse200,
  validateRetryDeliveriesResponse400,
} from '../../../generated/openapi/ingest.validators.cjs';
import { serializerCompiler, validatorCompiler } from '../../../generated/openapi/validatorCompiler.ts';
import { createDmPool, type DmPool } from '../../shared/pg/pools.ts';
import { useTestDatabase } from '../../shared/testkit/testDatabase.ts';
import { createIngestRolePool, startForwarder } from '../accept/test/acceptTestKit.ts';
import { deliveryRows, fanoutJobs, seedOutbox, settle } from '../replay/test/seedOutbox.ts';
import { listDeliveriesRoute } from './listDeliveries.ts';
import { retryDeliveriesRoute } from './retryDeliveries.ts';

function buildApp(pool: DmPool): FastifyInstance {
  const app = Fastify();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  listDeliveriesRoute(app, { pool, targets: ['qa'] });
  retryDeliveriesRoute(app, { pool, targets: ['qa'] });
  return app;
}

describe('GET /admin/deliveries and POST /admin/deliveries/retry', () => {
  const db = useTestDatabase('dm');
  let pool: DmPool;
  let app: FastifyInstance;
  let ids: string[] = [];
  beforeAll(async () => {
    pool = await createIngestRolePool(db.current.url);
    app = buildApp(pool);
    await seedOutbox(pool, ['qa'], [{ nonce: 'r1' }, { nonce: 'r2' }, { nonce: 'r3' }]);
    ids = (await deliveryRows(db.current.url)).map((r) => r.id);
    await settle(db.current.url, ids, 'dead');
  });
  afterAll(async () => {
    await app.close();
    await pool.end();
  });

  it('lists a page with its cursor, in the contract shape', async () => {
    const first = await app.inject({ method: 'GET', url: '/admin/deliveries?status=dead&limit=2' });
    expect(first.statusCode).toBe(200);
    const page: unknown = first.json();
    expect(validateListDeliveriesResponse200(page)).toBe(true);
    expect(page).toMatchObject({ items: [{ id: ids[0] }, { id: ids[1] }], nextCursor: expect.any(String) });
    const cursor = (page as { nextCursor: string }).nextCursor;
    const second = await app.inject({ method: 'GET', url: `/admin/deliveries?status=dead&target=qa&limit=2&cursor=${cursor}` });
    expect(second.json()).toEqual({ items: [expect.objectContaining({ id: ids[2] })], nextCursor: null });
  });

  it.each([
    ['no status', '/admin/deliveries', 'INGEST_QUERY_INVALID'],
    ['a status that cannot be retried', '/admin/deliveries?status=done', 'INGEST_QUERY_INVALID'],
    ['a cursor we did not issue', '/admin/deliveries?status=dead&cursor=bm9wZQ', 'INGEST_QUERY_INVALID'],
    ['a target that is not configured', '/admin/deliveries?status=dead&target=stage', 'INGEST_TARGET_UNKNOWN'],
  ])('answers 400 for %s', async (_name, url, code) => {
    const response = await app.inject({ method: 'GET', url });
    expect(response.statusCode).toBe(400);
    expect(validateListDeliveriesResponse400(response.json())).toBe(true);
    expect(response.json()).toMatchObject({ code });
  });

  it.each([
    ['no status', {}, 'INGEST_REQUEST_INVALID'],
    ['ids that are not delivery ids', { status: 'dead', ids: ['x1'] }, 'INGEST_REQUEST_INVALID'],
    ['an unknown field', { status: 'dead', everything: true }, 'INGEST_REQUEST_INVALID'],
    ['a target that is not configured', { status: 'dead', target: 'stage' }, 'INGEST_TARGET_UNKNOWN'],
  ])('answers 400 to a retry with %s', async (_name, payload, code) => {
    const response = await app.inject({ method: 'POST', url: '/admin/deliveries/retry', payload });
    expect(response.statusCode).toBe(400);
    expect(validateRetryDeliveriesResponse400(response.json())).toBe(true);
    expect(response.json()).toMatchObject({ code });
  });

  it('retries the named deliveries and wakes the sender', async () => {
    const response = await app.inject({ method: 'POST', url: '/admin/deliveries/retry', payload: { status: 'dead', target: 'qa', ids: [ids[0]] } });
    expect(response.statusCode).toBe(200);
    expect(validateRetryDeliveriesResponse200(response.json())).toBe(true);
    expect(response.json()).toEqual({ retried: 1 });
    expect((await deliveryRows(db.current.url)).map((r) => r.status)).toEqual(['pending', 'dead', 'dead']);
    expect(await fanoutJobs(db.current.url)).toEqual([expect.objectContaining({ key: 'fanout:qa', target: 'qa' })]);
  });

  it('answers 503 INGEST_UNAVAILABLE with Retry-After when PostgreSQL is gone', async () => {
    const forwarder = await startForwarder(db.current.url);
    const gone = await createDmPool(forwarder.url, { maximumPoolSize: 1, connectionTimeoutMs: 1_000 });
    await forwarder.stop();
    const down = buildApp(gone);
    try {
      const response = await down.inject({ method: 'GET', url: '/admin/deliveries?status=parked' });
      expect(response.statusCode).toBe(503);
      expect(response.headers['retry-after']).toBeDefined();
      expect(validateListDeliveriesResponse503(response.json())).toBe(true);
    } finally {
      await down.close();
      await gone.end();
    }
  });
});
