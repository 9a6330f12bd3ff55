import type { ClickHouseClient } from '@clickhouse/client';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  validateGetDeliveryLagChartResponse200,
  validateGetEventRateChartResponse200,
  validateGetEventRateChartResponse400,
} from '../../../generated/openapi/ingest.validators.cjs';
import type { DmPool } from '../../shared/pg/pools.ts';
import { withPgClient } from '../../shared/testkit/pgClient.ts';
import { useTestDatabase } from '../../shared/testkit/testDatabase.ts';
import { kickDelivery, probeDelivery, quarantined, sumsubDelivery } from '../accept/test/deliveries.ts';
import { acceptAll, buildConsoleApp, unreachableClickhouse } from '../console/test/consoleTestKit.ts';
import { createIngestPool } from '../quarantine/test/quarantineSeeds.ts';

const MINUTE = 60_000;
// The clock the app reads: the buckets are whole minutes back from it, the last one holding it.
const now = new Date();
const minutesAgo = (k: number): Date => new Date(now.getTime() - k * MINUTE);
/** The index of the bucket k minutes before `now` in a 60-minute chart. */
const slot = (k: number): number => 59 - k;
const zerosWith = (cells: Readonly<Record<number, number>>): number[] => Array.from({ length: 60 }, (_, i) => cells[i] ?? 0);

describe('GET /admin/charts/event-rates and /admin/charts/delivery-lag', () => {
  const db = useTestDatabase('dm');
  let pool: DmPool;
  let clickhouse: ClickHouseClient;
  let app: FastifyInstance;

  beforeAll(async () => {
    pool = await createIngestPool(db.current.url);
    clickhouse = unreachableClickhouse();
    app = buildConsoleApp({ pool, clickhouse, now: () => now });
    const chat = (nonce: string, at: Date) => kickDelivery('kick.chat.message.sent.v1', { nonce, receivedAt: at });
    await acceptAll(
      pool,
      [
        chat('rate-1', minutesAgo(5)),
        chat('rate-2', minutesAgo(5)),
        chat('rate-3', minutesAgo(2)),
        chat('rate-old', minutesAgo(120)),
        sumsubDelivery({ nonce: 'rate-4', receivedAt: minutesAgo(2) }),
        { ...probeDelivery(minutesAgo(1).toISOString().slice(0, 16) + ':00Z'), receivedAt: minutesAgo(1) },
        { ...quarantined(chat('rate-5', minutesAgo(5)), 'INGEST_EVENT_TYPE_UNKNOWN'), providerVersion: '9' },
      ],
      ['qa', 'qb'],
    );
    // What the fan-out would have recorded: qa answered two deliveries 3 minutes ago (after 2 s
    // and 4 s), one two hours ago; qb one a minute ago after 10 s; the rest are still pending.
    await withPgClient(db.current.url, async (c) => {
      const ids = async (target: string): Promise<string[]> =>
        (await c.query<{ id: string }>('SELECT id::text AS id FROM ingest.outbox_delivery WHERE target = $1 ORDER BY id', [target])).rows.map((r) => r.id);
      const settle = (id: string | undefined, doneAt: Date, waitedMs: number) =>
        c.query(`UPDATE ingest.outbox_delivery SET status = 'done', done_at = $2, created_at = $3 WHERE id = $1`, [id, doneAt, new Date(doneAt.getTime() - waitedMs)]);
      const [qa1, qa2, qa3] = await ids('qa');
      const [qb1] = await ids('qb');
      await settle(qa1, minutesAgo(3), 2_000);
      await settle(qa2, minutesAgo(3), 4_000);
      await settle(qa3, minutesAgo(120), 1_000);
      await settle(qb1, minutesAgo(1), 10_000);
    });
  });
  afterAll(async () => {
    await app.close();
    await clickhouse.close();
    await pool.end();
  });

  it('counts each inbox row per minute under its versioned type, every minute of the hour present', async () => {
    const response = await app.inject({ method: 'GET', url: '/admin/charts/event-rates' });
    expect(response.statusCode).toBe(200);
    const chart = response.json<{ from: string; buckets: string[]; series: { type: string; counts: number[] }[] }>();
    expect(validateGetEventRateChartResponse200(chart)).toBe(true);
    expect(chart.buckets).toHaveLength(60);
    expect(Date.parse(chart.buckets.at(-1) ?? '')).toBe(Math.floor(now.getTime() / MINUTE) * MINUTE);
    expect(chart.from).toBe(chart.buckets[0]);
    expect(chart.series).toEqual([
      { type: 'kick.chat.message.sent.v1', counts: zerosWith({ [slot(5)]: 2, [slot(2)]: 1 }) },
      { type: 'kick.viewer_probe.v1', counts: zerosWith({ [slot(1)]: 1 }) },
      { type: 'sumsub.applicant_reviewed.v1', counts: zerosWith({ [slot(2)]: 1 }) },
      { type: 'unknown:kick', counts: zerosWith({ [slot(5)]: 1 }) },
    ]);
  });

  it('takes a shorter window', async () => {
    const chart = (await app.inject({ method: 'GET', url: '/admin/charts/event-rates?minutes=5' })).json<{ buckets: string[]; series: { type: string }[] }>();
    expect(chart.buckets).toHaveLength(5);
    expect(chart.series.map((s) => s.type)).toEqual(['kick.chat.message.sent.v1', 'kick.viewer_probe.v1', 'sumsub.applicant_reviewed.v1']);
  });

  it('charts the wait of delivered events per target and minute, nothing for minutes without any', async () => {
    const response = await app.inject({ method: 'GET', url: '/admin/charts/delivery-lag' });
    expect(response.statusCode).toBe(200);
    const chart: unknown = response.json();
    expect(validateGetDeliveryLagChartResponse200(chart)).toBe(true);
    const nulls = (cells: Readonly<Record<number, number>>): (number | null)[] => Array.from({ length: 60 }, (_, i) => cells[i] ?? null);
    expect(chart).toMatchObject({
      bucketSeconds: 60,
      targets: [
        { target: 'qa', delivered: zerosWith({ [slot(3)]: 2 }), meanSeconds: nulls({ [slot(3)]: 3 }), maxSeconds: nulls({ [slot(3)]: 4 }) },
        { target: 'qb', delivered: zerosWith({ [slot(1)]: 1 }), meanSeconds: nulls({ [slot(1)]: 10 }), maxSeconds: nulls({ [slot(1)]: 10 }) },
      ],
    });
  });

  it.each([
    ['fewer than 5 minutes', '/admin/charts/event-rates?minutes=4'],
    ['more than a day', '/admin/charts/delivery-lag?minutes=1441'],
    ['minutes that are not a number', '/admin/charts/event-rates?minutes=soon'],
  ])('answers 400 INGEST_QUERY_INVALID for %s', async (_name, url) => {
    const response = await app.inject({ method: 'GET', url });
    expect(response.statusCode).toBe(400);
    expect(validateGetEventRateChartResponse400(response.json())).toBe(true);
    expect(response.json()).toMatchObject({ code: 'INGEST_QUERY_INVALID' });
  });
});
