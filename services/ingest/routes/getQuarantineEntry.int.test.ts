import type { ClickHouseClient } from '@clickhouse/client';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateGetQuarantineEntryResponse200, validateGetQuarantineEntryResponse400, validateGetQuarantineEntryResponse404 } from '../../../generated/openapi/ingest.validators.cjs';
import type { DmPool } from '../../shared/pg/pools.ts';
import { useTestDatabase } from '../../shared/testkit/testDatabase.ts';
import { kickDelivery, quarantined } from '../accept/test/deliveries.ts';
import { acceptAll, buildConsoleApp, unreachableClickhouse } from '../console/test/consoleTestKit.ts';
import { createIngestPool, markSunk, seedQuarantine } from '../quarantine/test/quarantineSeeds.ts';

describe('GET /admin/quarantine/{id}', () => {
  const db = useTestDatabase('dm');
  let pool: DmPool;
  let clickhouse: ClickHouseClient;
  let app: FastifyInstance;
  let invalid = '';
  let notJson = '';
  let binary = '';
  let window = '';

  beforeAll(async () => {
    pool = await createIngestPool(db.current.url);
    clickhouse = unreachableClickhouse();
    app = buildConsoleApp({ pool, clickhouse });
    [notJson = '', window = ''] = await seedQuarantine(pool, [
      { kind: 'sumsubNotJson', nonce: 'detail-2' },
      { kind: 'window', nonce: 'detail-3' },
    ]);
    const { broadcaster: _dropped, ...withoutBroadcaster } = kickDelivery('kick.chat.message.sent.v1', { nonce: 'detail-1' }).data as Record<string, unknown>;
    const failing = { ...quarantined(kickDelivery('kick.chat.message.sent.v1', { nonce: 'detail-1', messageId: 'seed-detail-1' })), rawBody: Buffer.from(JSON.stringify(withoutBroadcaster)) };
    const bytes = { ...quarantined(kickDelivery('kick.chat.message.sent.v1', { nonce: 'detail-4' })), rawBody: Buffer.from([0x7b, 0xff, 0xfe, 0x00]) };
    [invalid = '', binary = ''] = await acceptAll(pool, [failing, bytes]);
  });
  afterAll(async () => {
    await app.close();
    await clickhouse.close();
    await pool.end();
  });

  async function detail(id: string): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await app.inject({ method: 'GET', url: `/admin/quarantine/${id}` });
    return { status: response.statusCode, body: response.json() };
  }

  it('answers the entry, its validation errors and the bytes it arrived with', async () => {
    const { status, body } = await detail(invalid);
    expect(status).toBe(200);
    expect(validateGetQuarantineEntryResponse200(body)).toBe(true);
    expect(body).toMatchObject({
      entry: { id: invalid, provider: 'kick', eventType: 'chat.message.sent/1', reason: 'INGEST_PAYLOAD_INVALID', status: 'quarantined', errors: [{ path: '/broadcaster', message: 'test: must be object' }] },
      headers: { 'kick-event-message-id': 'seed-detail-1', 'kick-event-type': 'chat.message.sent' },
      bodyEncoding: 'utf8',
    });
    expect(JSON.parse(String(body.body))).toMatchObject({ vf_test_nonce: 'detail-1', message_id: expect.any(String) });
    expect(JSON.parse(String(body.body))).not.toHaveProperty('broadcaster');
  });

  it('keeps a body that is not JSON as text, and one that is not UTF-8 as base64', async () => {
    expect((await detail(notJson)).body).toMatchObject({ entry: { provider: 'sumsub', reason: 'INGEST_BODY_NOT_JSON' }, body: 'not json detail-2', bodyEncoding: 'utf8' });
    expect((await detail(binary)).body).toMatchObject({ body: Buffer.from([0x7b, 0xff, 0xfe, 0x00]).toString('base64'), bodyEncoding: 'base64' });
  });

  it('says the bytes are gone from PostgreSQL once released and written to ClickHouse', async () => {
    const replay = await app.inject({ method: 'POST', url: '/admin/quarantine/replay', payload: { ids: [window] } });
    expect(replay.json()).toMatchObject({ released: 1 });
    await markSunk(pool, window);
    const { status, body } = await detail(window.toUpperCase());
    expect(status).toBe(200);
    expect(validateGetQuarantineEntryResponse200(body)).toBe(true);
    expect(body).toMatchObject({ entry: { id: window, status: 'released', envelopeId: expect.any(String) }, headers: null, body: null });
  });

  it('answers 404 INGEST_QUARANTINE_ENTRY_UNKNOWN for an id it never quarantined', async () => {
    const { status, body } = await detail('0190a000-0000-7000-8000-0000000beef0');
    expect(status).toBe(404);
    expect(validateGetQuarantineEntryResponse404(body)).toBe(true);
    expect(body).toMatchObject({ code: 'INGEST_QUARANTINE_ENTRY_UNKNOWN' });
  });

  it('answers 400 INGEST_QUERY_INVALID for an id that is not a UUID', async () => {
    const { status, body } = await detail('not-a-uuid');
    expect(status).toBe(400);
    expect(validateGetQuarantineEntryResponse400(body)).toBe(true);
    expect(body).toMatchObject({ code: 'INGEST_QUERY_INVALID' });
  });
});
