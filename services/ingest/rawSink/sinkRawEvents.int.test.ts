import { createHash } from 'node:crypto';
import { ClickHouseLogLevel, createClient, type ClickHouseClient } from '@clickhouse/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventExamples } from '../../../generated/asyncapi/examples.ts';
import { openMigratedClickhouse, type TestClickhouse } from '../../shared/clickhouse/test/clickhouseTestKit.ts';
import { AppError } from '../../shared/errors.ts';
import { createDmPool, type DmPool } from '../../shared/pg/pools.ts';
import { useTestDatabase } from '../../shared/testkit/testDatabase.ts';
import { createIngestMetrics } from '../metrics/ingestMetrics.ts';
import { sinkRawEvents } from './sinkRawEvents.ts';
import { inboxState, seedInbox, urlAsRole } from './test/seedInbox.ts';

const db = useTestDatabase('dm');
let clickhouse: TestClickhouse;
let pool: DmPool;

beforeAll(async () => {
  clickhouse = await openMigratedClickhouse();
  pool = await createDmPool(urlAsRole(db.current.url, 'vf_ingest'));
});

afterAll(async () => {
  await pool.end();
  await clickhouse.close();
});

interface StoredRow {
  raw_id: string;
  source: string;
  type: string;
  provider_message_id: string;
  subject: string;
  broadcaster_user_id: string;
  received_at: string;
  provider_time: string;
  status: string;
  quarantine_reason: string;
  headers: string;
  body: string;
  envelope_id: string | null;
}

async function storedRows(client: ClickHouseClient, rawIds: readonly string[]): Promise<StoredRow[]> {
  const result = await client.query({
    // 64-bit integers as text: a server quotes them in JSON by default, chdb does not.
    query: `SELECT * REPLACE (toString(broadcaster_user_id) AS broadcaster_user_id)
      FROM vf.raw_events FINAL WHERE raw_id IN {ids:Array(String)} ORDER BY received_at, raw_id`,
    query_params: { ids: rawIds },
    format: 'JSONEachRow',
  });
  return result.json<StoredRow>();
}

async function counts(client: ClickHouseClient, rawIds: readonly string[]): Promise<{ distinct_ids: number; final_rows: number }> {
  const result = await client.query({
    query: `SELECT
      (SELECT toUInt32(uniqExact(raw_id)) FROM vf.raw_events WHERE raw_id IN {ids:Array(String)}) AS distinct_ids,
      (SELECT toUInt32(count()) FROM vf.raw_events FINAL WHERE raw_id IN {ids:Array(String)}) AS final_rows`,
    query_params: { ids: rawIds },
    format: 'JSONEachRow',
  });
  const [row] = await result.json<{ distinct_ids: number; final_rows: number }>();
  return row ?? { distinct_ids: -1, final_rows: -1 };
}

function first<T>(examples: readonly T[]): T {
  const [example] = examples;
  if (example === undefined) throw new Error('the contract has no example');
  return example;
}
const chat = first(eventExamples['kick.chat.message.sent.v1']);
const sumsub = first(eventExamples['sumsub.applicant_reviewed.v1']);

/** The chat example with non-ASCII content, keys in reverse order, odd whitespace and a \u escape. */
const oddChatBody = `{ "emotes" :[ ],\r\n\t"content":"Grüße 👋 — \\u00e9t\\u00e9",\n  "broadcaster" : ${JSON.stringify(chat.payload.broadcaster)} , "sender":${JSON.stringify(chat.payload.sender)},"message_id":"${chat.payload.message_id}"   }`;

function kickChat(receivedAt: Date, messageId: string): Parameters<typeof seedInbox>[1][number] {
  return {
    source: 'kick',
    body: oddChatBody,
    headers: { ...chat.headers, 'kick-event-message-id': messageId, 'kick-event-message-timestamp': '2026-03-04T05:06:07.089Z' },
    providerMessageId: messageId,
    eventType: 'chat.message.sent',
    eventVersion: '1',
    receivedAt,
    accepted: { type: 'kick.chat.message.sent.v1', subject: 'kick/broadcaster/123456789', time: new Date('2026-03-04T05:06:07.089Z') },
  };
}

describe('sinkRawEvents', () => {
  it('writes accepted and quarantined deliveries with their columns, to the millisecond, and clears the bytes of accepted rows only', async () => {
    const sumsubBody = JSON.stringify(sumsub.payload);
    const seeded = await seedInbox(db.current.url, [
      kickChat(new Date('2026-03-04T05:06:07.123Z'), 'msg-accepted-1'),
      {
        source: 'kick',
        body: '{"broadcaster":{"user_id":4242},"note":"naïve"}',
        headers: { 'kick-event-message-id': 'msg-q-1', 'kick-event-message-timestamp': '2026-03-04T01:02:03.456Z', 'kick-event-type': 'chat.message.deleted', 'kick-event-version': '1' },
        providerMessageId: 'msg-q-1',
        eventType: 'chat.message.deleted',
        eventVersion: '1',
        receivedAt: new Date('2026-03-04T05:06:08.001Z'),
        quarantined: { reason: 'INGEST_EVENT_TYPE_UNKNOWN' },
      },
      {
        source: 'sumsub',
        body: sumsubBody,
        headers: sumsub.headers,
        eventType: 'applicantReviewed',
        receivedAt: new Date('2026-03-04T05:06:09.999Z'),
        accepted: { type: 'sumsub.applicant_reviewed.v1', subject: `sumsub/applicant/${sumsub.payload.applicantId}`, time: new Date('2020-02-21T13:23:19.321Z') },
      },
    ]);
    const metrics = createIngestMetrics();

    expect(await sinkRawEvents(pool, clickhouse.client, { metrics })).toEqual({ sunk: 3 });

    const ids = seeded.map((s) => s.rawEventId);
    const [accepted, quarantined, sumsubRow] = await storedRows(clickhouse.client, ids);
    expect(accepted).toEqual({
      raw_id: seeded[0]?.rawEventId,
      source: 'kick',
      type: 'kick.chat.message.sent.v1',
      provider_message_id: 'msg-accepted-1',
      subject: 'kick/broadcaster/123456789',
      broadcaster_user_id: '123456789',
      received_at: '2026-03-04 05:06:07.123',
      provider_time: '2026-03-04 05:06:07.089',
      status: 'accepted',
      quarantine_reason: '',
      headers: expect.any(String),
      body: oddChatBody,
      envelope_id: seeded[0]?.envelopeId,
    });
    expect(Buffer.from(accepted?.body ?? '', 'utf8').equals(seeded[0]?.body ?? Buffer.alloc(0))).toBe(true);
    expect(JSON.parse(accepted?.headers ?? '{}')).toMatchObject({ 'kick-event-message-id': 'msg-accepted-1', 'kick-event-type': 'chat.message.sent' });
    expect(quarantined).toMatchObject({
      source: 'kick',
      type: 'chat.message.deleted',
      subject: '',
      broadcaster_user_id: '4242',
      provider_time: '2026-03-04 01:02:03.456',
      status: 'quarantined',
      quarantine_reason: 'INGEST_EVENT_TYPE_UNKNOWN',
      body: '{"broadcaster":{"user_id":4242},"note":"naïve"}',
      envelope_id: null,
    });
    expect(sumsubRow).toMatchObject({
      source: 'sumsub',
      type: 'sumsub.applicant_reviewed.v1',
      provider_message_id: createHash('sha256').update(sumsubBody).digest('hex'),
      subject: `sumsub/applicant/${sumsub.payload.applicantId}`,
      broadcaster_user_id: '0',
      received_at: '2026-03-04 05:06:09.999',
      provider_time: '2020-02-21 13:23:19.321',
      status: 'accepted',
      body: sumsubBody,
    });
    // A quarantined row keeps its bytes for `vf quarantine replay`; accepted rows give them up.
    const kept = (rawEventId: string | undefined, quarantined: boolean) => ({ rawEventId, sunk: true, hasBody: quarantined, hasHeaders: quarantined });
    expect(await inboxState(db.current.url, ids)).toEqual([kept(ids[0], false), kept(ids[1], true), kept(ids[2], false)]);
    expect((await metrics.rawEventsSunk.get()).values[0]?.value).toBe(3);
    expect((await metrics.rawSinkBacklog.get()).values[0]?.value).toBe(0);
  });

  it('drains the inbox in several batches when it holds more than a batch (by rows or by bytes)', async () => {
    const big = `{"broadcaster":{"user_id":77},"padding":"${'x'.repeat(600 * 1024)}"}`;
    const seeded = await seedInbox(db.current.url, [
      ...Array.from({ length: 5 }, (_, i) => kickChat(new Date(), `msg-batch-${i}`)),
      { source: 'kick', body: big, headers: { 'kick-event-message-timestamp': 'not a time' }, providerMessageId: 'msg-big', eventType: 'chat.message.sent', eventVersion: '9', quarantined: { reason: 'INGEST_EVENT_TYPE_UNKNOWN' } },
    ]);

    expect(await sinkRawEvents(pool, clickhouse.client, { batchSize: 2, maxBatchBytes: 1024 })).toEqual({ sunk: 6 });

    const ids = seeded.map((s) => s.rawEventId);
    expect(await counts(clickhouse.client, ids)).toEqual({ distinct_ids: 6, final_rows: 6 });
    const bigRow = (await storedRows(clickhouse.client, ids)).find((row) => row.provider_message_id === 'msg-big');
    expect(bigRow?.body).toBe(big);
    expect(bigRow?.received_at).toBe(bigRow?.provider_time);
  });

  it('counts a batch written twice (commit failed after the ClickHouse insert) once', async () => {
    const seeded = await seedInbox(db.current.url, [kickChat(new Date(), 'msg-retry-1'), kickChat(new Date(), 'msg-retry-2')]);
    const ids = seeded.map((s) => s.rawEventId);
    const failCommit = async (): Promise<void> => {
      throw new Error('injected: the PostgreSQL commit failed');
    };

    await expect(sinkRawEvents(pool, clickhouse.client, { afterClickhouseInsert: failCommit })).rejects.toThrow('injected');
    expect(await counts(clickhouse.client, ids)).toEqual({ distinct_ids: 2, final_rows: 2 });
    expect((await inboxState(db.current.url, ids)).map((r) => r.sunk)).toEqual([false, false]);

    expect(await sinkRawEvents(pool, clickhouse.client)).toEqual({ sunk: 2 });
    expect(await counts(clickhouse.client, ids)).toEqual({ distinct_ids: 2, final_rows: 2 });
    expect((await inboxState(db.current.url, ids)).map((r) => r.sunk)).toEqual([true, true]);
  });

  it('keeps the rows and their bytes while ClickHouse is down, and writes them once when it is back', async () => {
    const seeded = await seedInbox(db.current.url, [kickChat(new Date(), 'msg-outage-1'), kickChat(new Date(), 'msg-outage-2')]);
    const ids = seeded.map((s) => s.rawEventId);
    const unreachable = createClient({ url: 'http://127.0.0.1:9', request_timeout: 2_000, log: { level: ClickHouseLogLevel.OFF } });
    const metrics = createIngestMetrics();
    try {
      const failure = await sinkRawEvents(pool, unreachable, { metrics }).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(AppError);
      expect((failure as AppError).code).toBe('INGEST_RAW_SINK_CLICKHOUSE_FAILED');
    } finally {
      await unreachable.close();
    }
    expect(await inboxState(db.current.url, ids)).toEqual(ids.map((rawEventId) => ({ rawEventId, sunk: false, hasBody: true, hasHeaders: true })));
    expect((await metrics.rawSinkBacklog.get()).values[0]?.value).toBe(2);

    expect(await sinkRawEvents(pool, clickhouse.client, { metrics })).toEqual({ sunk: 2 });
    expect(await counts(clickhouse.client, ids)).toEqual({ distinct_ids: 2, final_rows: 2 });
    expect((await metrics.rawSinkBacklog.get()).values[0]?.value).toBe(0);
  });

  it('stops between batches once its signal aborts, leaving the rest in the inbox for the next run', async () => {
    const seeded = await seedInbox(db.current.url, [kickChat(new Date(), 'msg-abort-1'), kickChat(new Date(), 'msg-abort-2'), kickChat(new Date(), 'msg-abort-3')]);
    const ids = seeded.map((s) => s.rawEventId);
    const stopping = new AbortController();
    const first = await sinkRawEvents(pool, clickhouse.client, { batchSize: 1, signal: stopping.signal, afterClickhouseInsert: async () => stopping.abort() });
    expect(first).toEqual({ sunk: 1 });
    expect((await inboxState(db.current.url, ids)).filter((row) => row.sunk)).toHaveLength(1);

    expect(await sinkRawEvents(pool, clickhouse.client, { batchSize: 1 })).toEqual({ sunk: 2 });
    expect(await counts(clickhouse.client, ids)).toEqual({ distinct_ids: 3, final_rows: 3 });
  });

  it('answers { sunk: 0 } when nothing waits', async () => {
    expect(await sinkRawEvents(pool, clickhouse.client)).toEqual({ sunk: 0 });
  });
});
