import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { sql } from 'slonik';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertRawEvents, openMigratedClickhouse, type TestClickhouse } from '../../shared/clickhouse/test/clickhouseTestKit.ts';
import { silentLogger } from '../../shared/logging/createLogger.ts';
import type { DmPool } from '../../shared/pg/pools.ts';
import { useTestDatabase } from '../../shared/testkit/testDatabase.ts';
import { createPgAcceptor } from '../accept/pgAcceptor.ts';
import { createIngestRolePool } from '../accept/test/acceptTestKit.ts';
import { probeDelivery, sumsubDelivery } from '../accept/test/deliveries.ts';
import { buildAdminApp } from '../app/buildAdminApp.ts';
import { createIngestMetrics } from '../metrics/ingestMetrics.ts';
import { seedQuarantine } from '../quarantine/test/quarantineSeeds.ts';
import { sinkRawEvents } from '../rawSink/sinkRawEvents.ts';
import { derivedEnvelopeId } from './domain/recreatedEnvelopeId.ts';
import { adminBridgeRawEventReader, clickhouseRawEventReader, type RawEventReader } from './rawEventReader.ts';
import { replayFromRaw } from './replayFromRaw.ts';
import { clearJobs, deliveryRows, fanoutJobs, seedDelivery } from './test/seedOutbox.ts';

const chat = 'kick.chat.message.sent.v1';

describe('replayFromRaw against real PostgreSQL and ClickHouse (chdb)', () => {
  const db = useTestDatabase('dm');
  let pool: DmPool;
  let ch: TestClickhouse;
  let reader: RawEventReader;
  let app: FastifyInstance;
  let bridgeUrl = '';
  const ids = { chat: '', sumsub: '', probe: '' };
  let quarantined: string[] = [];
  const envelopes = new Map<string, unknown>();
  const deps = (): { pool: DmPool; targets: string[]; reader: RawEventReader } => ({ pool, targets: ['qa'], reader });

  async function outboxEnvelope(envelopeId: string): Promise<unknown> {
    return pool.maybeOneFirst(sql.unsafe`SELECT envelope FROM ingest.outbox WHERE envelope_id = ${envelopeId}`);
  }

  beforeAll(async () => {
    pool = await createIngestRolePool(db.current.url);
    ch = await openMigratedClickhouse();
    reader = clickhouseRawEventReader(ch.client);
    const acceptor = createPgAcceptor(pool, { targets: ['qa'] });
    try {
      for (const [key, delivery] of [
        ['chat', seedDelivery({ nonce: 'raw-chat', time: new Date('2026-02-01T10:00:00.123Z') })],
        ['sumsub', sumsubDelivery({ nonce: 'raw-sumsub' })],
        ['probe', probeDelivery('2026-02-01T10:05:00.000Z')],
      ] as const) {
        const result = await acceptor.accept(delivery);
        if (result.kind !== 'accepted') throw new Error(`${key} was ${result.kind}`);
        ids[key] = result.envelopeId;
        envelopes.set(result.envelopeId, await outboxEnvelope(result.envelopeId));
      }
    } finally {
      await acceptor.close();
    }
    // A valid event quarantined for its old timestamp (passes today), and one whose payload fails.
    quarantined = await seedQuarantine(pool, [
      { kind: 'window', nonce: 'raw-q1' },
      { kind: 'invalidPayload', nonce: 'raw-q2' },
    ]);
    await sinkRawEvents(pool, ch.client, { logger: silentLogger() });
    app = buildAdminApp({ clickhouseMode: 'embedded' }, { pool, clickhouse: ch.client, metrics: createIngestMetrics(), logger: silentLogger() });
    await app.listen({ host: '127.0.0.1', port: 0 });
    bridgeUrl = `http://127.0.0.1:${String((app.server.address() as AddressInfo).port)}`;
  });
  afterAll(async () => {
    await app.close();
    await pool.end();
    await ch.close();
  });

  it('re-creates an outbox row retention purged, with the same envelope id and envelope, and queues it', async () => {
    await pool.query(sql.unsafe`DELETE FROM ingest.outbox WHERE envelope_id = ${ids.chat}`);
    await clearJobs(db.current.url);
    const summary = await replayFromRaw(deps(), { target: 'qa', types: [chat], since: new Date('2026-01-01T00:00:00Z') });
    expect(summary).toEqual({ from: 'raw', target: 'qa', dryRun: false, matched: 1, queued: 1, skippedAlreadyPending: 0, recreated: 1, inQuarantine: 0, notPassing: [] });
    expect(await outboxEnvelope(ids.chat)).toEqual(envelopes.get(ids.chat));
    const position = await pool.oneFirst(sql.unsafe`SELECT position::text FROM ingest.outbox WHERE envelope_id = ${ids.chat}`);
    expect((await deliveryRows(db.current.url)).filter((r) => r.position === position)).toEqual([expect.objectContaining({ target: 'qa', status: 'pending' })]);
    expect(await fanoutJobs(db.current.url)).toEqual([{ key: 'fanout:qa', queue: 'fanout:qa', target: 'qa' }]);
  });

  it('adds nothing when run again', async () => {
    const summary = await replayFromRaw(deps(), { target: 'qa', types: [chat], since: new Date('2026-01-01T00:00:00Z') });
    expect(summary).toMatchObject({ matched: 1, queued: 0, skippedAlreadyPending: 1, recreated: 0 });
  });

  it('gives an event whose outbox row still exists only a new delivery', async () => {
    await pool.query(sql.unsafe`UPDATE ingest.outbox_delivery SET status = 'done' WHERE status = 'pending'`);
    const summary = await replayFromRaw(deps(), { target: 'qa', types: ['sumsub.applicant_reviewed.v1'] });
    expect(summary).toMatchObject({ matched: 1, queued: 1, recreated: 0 });
    expect(await outboxEnvelope(ids.sumsub)).toEqual(envelopes.get(ids.sumsub));
  });

  it('re-creates a viewer probe from its stored body', async () => {
    await pool.query(sql.unsafe`DELETE FROM ingest.outbox WHERE envelope_id = ${ids.probe}`);
    const summary = await replayFromRaw(deps(), { target: 'qa', types: ['kick.viewer_probe.v1'] });
    expect(summary).toMatchObject({ matched: 1, queued: 1, recreated: 1 });
    expect(await outboxEnvelope(ids.probe)).toEqual(envelopes.get(ids.probe));
  });

  it('reports what does not pass, and leaves a quarantined event that passes now to the quarantine replay', async () => {
    const before = await deliveryRows(db.current.url);
    const summary = await replayFromRaw(deps(), { target: 'qa', types: [chat], until: new Date('2026-01-01T00:00:00Z') });
    expect(summary).toMatchObject({ matched: 2, queued: 0, recreated: 0, inQuarantine: 1 });
    expect(summary.notPassing).toEqual([{ rawId: quarantined[1], type: chat, reason: 'INGEST_PAYLOAD_INVALID', errors: [expect.objectContaining({ path: '' })] }]);
    expect(await deliveryRows(db.current.url)).toEqual(before);
  });

  it('re-creates a quarantined event whose inbox row is gone under an id derived from its raw id, once', async () => {
    const rawId = quarantined[0] ?? '';
    const receivedMs = Number(await pool.oneFirst(sql.unsafe`SELECT floor(extract(epoch FROM received_at) * 1000)::float8 FROM ingest.inbox WHERE raw_event_id = ${rawId}`));
    await pool.query(sql.unsafe`DELETE FROM ingest.inbox WHERE raw_event_id = ${rawId}`);
    const request = { target: 'qa', types: [chat], until: new Date('2026-01-01T00:00:00Z') };
    expect(await replayFromRaw(deps(), request)).toMatchObject({ queued: 1, recreated: 1, inQuarantine: 0 });
    const envelopeId = derivedEnvelopeId(rawId, new Date(receivedMs));
    expect(await outboxEnvelope(envelopeId)).toMatchObject({ id: envelopeId, type: chat, vfrawid: rawId });
    expect(await replayFromRaw(deps(), request)).toMatchObject({ queued: 0, skippedAlreadyPending: 1, recreated: 0 });
  });

  it('reports a raw event whose body has expired', async () => {
    await insertRawEvents(ch.client, [{ raw_id: '0190a000-0000-7000-8000-00000000e0e0', type: 'kick.kicks.gifted.v1', body: '' }]);
    const summary = await replayFromRaw(deps(), { target: 'qa', types: ['kick.kicks.gifted.v1'] });
    expect(summary).toMatchObject({ matched: 1, queued: 0, notPassing: [{ rawId: '0190a000-0000-7000-8000-00000000e0e0', reason: 'RAW_BODY_EXPIRED' }] });
  });

  it('reads the same through the running stack\'s admin bridge, page by page with progress', async () => {
    const direct = await replayFromRaw(deps(), { target: 'qa', dryRun: true });
    const seen: { done: number; total: number | null }[] = [];
    const bridged = await replayFromRaw({ ...deps(), reader: adminBridgeRawEventReader(bridgeUrl), chunkSize: 2, onProgress: (p) => seen.push(p) }, { target: 'qa', dryRun: true });
    expect(bridged).toEqual(direct);
    expect(direct.matched).toBe(6);
    expect(seen.at(0)).toEqual({ done: 0, total: 6 });
    expect(seen.at(-1)).toEqual({ done: 6, total: 6 });
    expect(seen.length).toBeGreaterThan(3);
  });

  it('says clearly when nothing answers at the admin address, or the stack uses a ClickHouse server', async () => {
    const nobody = adminBridgeRawEventReader('http://127.0.0.1:9');
    await expect(replayFromRaw({ ...deps(), reader: nobody }, { target: 'qa' })).rejects.toMatchObject({
      code: 'CLICKHOUSE_NOT_REACHABLE',
      message: expect.stringMatching(/npm start.*CLICKHOUSE_URL/),
    });
    const server = buildAdminApp({ clickhouseMode: 'server' }, { pool, clickhouse: ch.client, metrics: createIngestMetrics(), logger: silentLogger() });
    await server.listen({ host: '127.0.0.1', port: 0 });
    try {
      const url = `http://127.0.0.1:${String((server.server.address() as AddressInfo).port)}`;
      await expect(replayFromRaw({ ...deps(), reader: adminBridgeRawEventReader(url) }, { target: 'qa' })).rejects.toMatchObject({
        code: 'CLICKHOUSE_NOT_REACHABLE',
        message: expect.stringContaining('set CLICKHOUSE_URL'),
      });
    } finally {
      await server.close();
    }
  });
});
