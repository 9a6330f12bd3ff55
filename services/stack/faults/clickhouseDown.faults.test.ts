/**
 * Fault: ClickHouse unavailable (issue 7, DESIGN §5). The real ingest role runs with its worker
 * and raw sink; its ClickHouse client's transport refuses every connection for a while. Webhooks
 * are still acknowledged (the acknowledgement depends on PostgreSQL only), the raw bytes wait in
 * the inbox and the backlog shows on /metrics and /admin/status; once ClickHouse is back every raw
 * event arrives exactly once, even though the first insert's answer is lost on the way back (the
 * rows are stored, the sink sees a reset and writes them again).
 */
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import type { ClickHouseClient } from '@clickhouse/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IngestStatus, Readiness } from '../../../generated/openapi/ingest.schemas.ts';
import { loadOrCreateLocalSecrets, type LocalSecrets } from '../../shared/runtime/localSecrets.ts';
import { useTestDatabase } from '../../shared/testkit/testDatabase.ts';
import type { RunningIngest } from '../ingest/startIngestRole.ts';
import { signedKickChat, signedSumsub, tempDataDir, waitUntil } from '../local/test/localStackTestKit.ts';
import { openProxyClickhouse, type ProxyClickhouse } from './kit/proxyClickhouse.ts';
import { readMetric, startProxiedIngestRole } from './kit/proxyIngestRole.ts';
import { sendLoad, type LoadItem, type SentWebhook } from './kit/proxyLoad.ts';

const dm = useTestDatabase('dm');
const DURING_OUTAGE = 150;
const cleanups: (() => Promise<unknown>)[] = [];
let secrets: LocalSecrets;
let clickhouse: ProxyClickhouse;
let ingest: RunningIngest;
const baseline: string[] = [];
let outage: SentWebhook[] = [];

beforeAll(async () => {
  const dataDir = await tempDataDir();
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  secrets = await loadOrCreateLocalSecrets(dataDir, []);
  clickhouse = await openProxyClickhouse(dataDir);
  cleanups.push(() => clickhouse.close());
  // Dry run (no targets): this scenario is about the raw sink; envelopes are still written.
  ingest = await startProxiedIngestRole({ dmUrl: dm.current.url, dataDir, secrets, clickhouse, targets: [] });
  cleanups.push(() => ingest.stop());
}, 120_000);

afterAll(async () => {
  // Every cleanup runs even when one fails; the first failure is reported.
  const failures: unknown[] = [];
  for (const cleanup of cleanups.reverse()) await cleanup().catch((e: unknown) => failures.push(e));
  if (failures.length > 0) throw failures[0];
});

function webhook(n: number): LoadItem {
  if (n % 3 === 2) return { key: `sumsub-${String(n)}`, kind: 'sumsub', webhook: signedSumsub(secrets) };
  const messageId = `01KFAULTCH${String(n).padStart(6, '0')}${randomUUID().slice(0, 8)}`;
  return { key: messageId, kind: 'kick', webhook: signedKickChat(secrets, messageId) };
}

/** Rows of vf.raw_events per envelope id after merging replaced rows (FINAL), read past the switch. */
async function rawEventsByEnvelope(client: ClickHouseClient): Promise<Map<string, number>> {
  const result = await client.query({ query: 'SELECT toString(envelope_id) AS id, count() AS n FROM vf.raw_events FINAL WHERE envelope_id IS NOT NULL GROUP BY id', format: 'JSONEachRow' });
  const rows = await result.json<{ id: string; n: number | string }>();
  return new Map(rows.map((row) => [row.id, Number(row.n)]));
}

async function uniqueRawIds(client: ClickHouseClient): Promise<{ rows: number; unique: number }> {
  const result = await client.query({ query: 'SELECT count() AS rows, uniqExact(raw_id) AS unique FROM vf.raw_events', format: 'JSONEachRow' });
  const [row] = await result.json<{ rows: number | string; unique: number | string }>();
  return { rows: Number(row?.rows), unique: Number(row?.unique) };
}

async function getJson<T>(url: string): Promise<{ status: number; body: T }> {
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as T };
}

const backlog = (): Promise<number> => readMetric(`${ingest.adminUrl}/metrics`, 'vf_ingest_raw_sink_backlog');

describe('ClickHouse unavailable', () => {
  it('writes raw events while ClickHouse is up (the baseline the outage is measured against)', async () => {
    let made = 0;
    const sent = await sendLoad({
      baseUrl: ingest.publicUrl,
      senders: 1,
      ratePerSecond: 50,
      make: (n) => {
        made += 1;
        return webhook(n);
      },
      done: () => made >= 3,
    });
    for (const item of sent) if (item.id !== null) baseline.push(item.id);
    expect(sent.map((item) => item.status)).toEqual([200, 200, 200]);
    await waitUntil('the baseline is in vf.raw_events', async () => (await rawEventsByEnvelope(clickhouse.direct)).size === 3, 30_000);
  });

  it('acknowledges every webhook while ClickHouse refuses connections', async () => {
    clickhouse.down();
    let made = 0;
    outage = await sendLoad({
      baseUrl: ingest.publicUrl,
      senders: 6,
      ratePerSecond: 60,
      make: (n) => {
        made += 1;
        return webhook(1000 + n);
      },
      done: () => made >= DURING_OUTAGE,
    });
    const answers = outage.map((item) => `${String(item.status)} ${item.answer ?? ''}`);
    expect(answers).toEqual(Array.from({ length: DURING_OUTAGE }, () => '200 accepted'));
    expect(new Set(outage.map((item) => item.id)).size).toBe(DURING_OUTAGE);
  });

  it('keeps the raw events in PostgreSQL, shows the backlog, and writes nothing to ClickHouse', async () => {
    // The sink ran, failed on the refused connection and counted what waits.
    await waitUntil('the raw sink reports the backlog', async () => (await backlog()) >= DURING_OUTAGE, 30_000);
    expect(clickhouse.stats().refused).toBeGreaterThan(0);

    const ready = await getJson<Readiness>(`${ingest.adminUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'ready', postgres: { status: 'up' }, clickhouse: { status: 'down' } });
    expect(ready.body.clickhouse.error).toMatch(/ECONNREFUSED/);

    const status = await getJson<IngestStatus>(`${ingest.adminUrl}/admin/status`);
    expect(status.status).toBe(200);
    expect(status.body.stages.awaitingRawSink).toBe(DURING_OUTAGE);
    expect(status.body.stages.storedInClickhouse).toBeNull();
    expect(status.body.clickhouse.status).toBe('down');

    const stored = await rawEventsByEnvelope(clickhouse.direct);
    expect(outage.filter((item) => item.id !== null && stored.has(item.id))).toEqual([]);
    expect(stored.size).toBe(baseline.length);
  });

  it('writes every raw event exactly once after ClickHouse returns, although the first insert answer is lost', async () => {
    clickhouse.loseNextInsertResponses(1);
    clickhouse.up();
    await waitUntil('the backlog drains', async () => (await backlog()) === 0 && (await rawEventsByEnvelope(clickhouse.direct)).size === baseline.length + DURING_OUTAGE, 90_000);
    // The lost answer made the sink write a batch twice: ClickHouse really holds duplicates, and
    // ReplacingMergeTree (FINAL, uniqExact) counts each raw event once.
    expect(clickhouse.stats().lostResponses).toBe(1);
    const stored = await rawEventsByEnvelope(clickhouse.direct);
    const expected = new Map([...baseline, ...outage.map((item) => item.id ?? 'missing')].map((id) => [id, 1]));
    expect(stored).toEqual(expected);
    const { rows, unique } = await uniqueRawIds(clickhouse.direct);
    expect(unique).toBe(baseline.length + DURING_OUTAGE);
    expect(rows).toBeGreaterThanOrEqual(unique);

    const status = await getJson<IngestStatus>(`${ingest.adminUrl}/admin/status`);
    expect(status.body.stages).toMatchObject({ awaitingRawSink: 0, storedInClickhouse: baseline.length + DURING_OUTAGE });
    expect((await getJson<Readiness>(`${ingest.adminUrl}/readyz`)).body.clickhouse.status).toBe('up');
  }, 120_000);
});
