/**
 * `GET /admin/chat-histogram` against a real (embedded, migrated) ClickHouse: raw chat events go
 * into vf.raw_events, the materialised view fills vf.chat_messages_hourly, the route reads it.
 */
import { v7 as uuidv7 } from 'uuid';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { validateGetChatHistogramResponse200, validateGetChatHistogramResponse400, validateGetChatHistogramResponse503, validateGetReadyzResponse200 } from '../../../generated/openapi/internal-events.validators.cjs';
import { insertRawEvents, openMigratedClickhouse, type TestClickhouse } from '../../shared/clickhouse/test/clickhouseTestKit.ts';
import { useTestDatabase } from '../../shared/testkit/testDatabase.ts';
import { startEnvApp, type EnvHarness } from '../test/envAppHarness.ts';

const db = useTestDatabase('env');
const broadcaster = 4242;
let clickhouse: TestClickhouse;

/** One accepted chat message per entry, at that provider time. */
function chatAt(...times: string[]): { raw_id: string; broadcaster_user_id: number; provider_time: Date }[] {
  return times.map((time) => ({ raw_id: uuidv7(), broadcaster_user_id: broadcaster, provider_time: new Date(time) }));
}

beforeAll(async () => {
  clickhouse = await openMigratedClickhouse();
  const retried = chatAt('2025-01-14T16:20:00Z');
  await insertRawEvents(clickhouse.client, [
    ...chatAt('2025-01-14T15:59:59.999Z', '2025-01-14T16:00:00Z', '2025-01-14T16:30:00Z', '2025-01-14T16:59:59.999Z'),
    ...retried,
    ...chatAt('2025-01-14T18:05:00Z', '2025-01-15T00:00:00Z', '2025-01-15T23:59:59Z'),
    // Not counted: another broadcaster, another type, a quarantined message.
    { raw_id: uuidv7(), broadcaster_user_id: broadcaster + 1, provider_time: new Date('2025-01-14T16:10:00Z') },
    { raw_id: uuidv7(), broadcaster_user_id: broadcaster, provider_time: new Date('2025-01-14T16:10:00Z'), type: 'kick.channel.followed.v1' },
    { raw_id: uuidv7(), broadcaster_user_id: broadcaster, provider_time: new Date('2025-01-14T16:10:00Z'), status: 'quarantined' },
  ]);
  // A retried sink batch writes the same raw event again: it counts once.
  await insertRawEvents(clickhouse.client, retried);
}, 120_000);

afterAll(async () => {
  await clickhouse.close();
});

let harness: EnvHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function histogram(query: string, withClickhouse = true): Promise<{ status: number; body: unknown; retryAfter: unknown }> {
  harness = await startEnvApp(db.current.url, { clickhouse: withClickhouse ? clickhouse.client : null });
  const response = await harness.app.inject({ method: 'GET', url: `/admin/chat-histogram?${query}` });
  return { status: response.statusCode, body: response.json(), retryAfter: response.headers['retry-after'] };
}

describe('GET /admin/chat-histogram', () => {
  it('counts per UTC hour over the half-open range, every bucket present, a retried raw event once', async () => {
    const { status, body } = await histogram(`broadcaster_user_id=${String(broadcaster)}&from=2025-01-14T16:00:00Z&to=2025-01-14T19:00:00Z&bucket=hour`);
    expect(status).toBe(200);
    expect(validateGetChatHistogramResponse200(body)).toBe(true);
    expect(body).toEqual({
      buckets: [
        { start: '2025-01-14T16:00:00Z', count: 4 },
        { start: '2025-01-14T17:00:00Z', count: 0 },
        { start: '2025-01-14T18:00:00Z', count: 1 },
      ],
    });
  });

  it('leaves out the hour `to` starts, and rounds `from` down to its hour', async () => {
    const { body } = await histogram(`broadcaster_user_id=${String(broadcaster)}&from=2025-01-14T15:30:00Z&to=2025-01-14T16:00:00Z`);
    expect(body).toEqual({ buckets: [{ start: '2025-01-14T15:00:00Z', count: 1 }] });
  });

  it('counts per UTC day', async () => {
    const { status, body } = await histogram(`broadcaster_user_id=${String(broadcaster)}&from=2025-01-13T12:00:00Z&to=2025-01-16T00:00:00Z&bucket=day`);
    expect(status).toBe(200);
    expect(validateGetChatHistogramResponse200(body)).toBe(true);
    expect(body).toEqual({
      buckets: [
        { start: '2025-01-13T00:00:00Z', count: 0 },
        { start: '2025-01-14T00:00:00Z', count: 6 },
        { start: '2025-01-15T00:00:00Z', count: 2 },
      ],
    });
  });

  it('answers zeros for a broadcaster without messages over a long range', async () => {
    const { body } = await histogram('broadcaster_user_id=1&from=2000-01-01T00:00:00Z&to=2025-01-01T00:00:00Z&bucket=day');
    const buckets = (body as { buckets: { count: number }[] }).buckets;
    expect(buckets).toHaveLength(9132);
    expect(buckets.every((bucket) => bucket.count === 0)).toBe(true);
  });

  it.each([
    ['a missing broadcaster', 'from=2025-01-14T16:00:00Z&to=2025-01-14T17:00:00Z'],
    ['a broadcaster that is not a number', 'broadcaster_user_id=abc&from=2025-01-14T16:00:00Z&to=2025-01-14T17:00:00Z'],
    ['a from that is not a date-time', `broadcaster_user_id=${String(broadcaster)}&from=yesterday&to=2025-01-14T17:00:00Z`],
    ['an unknown bucket', `broadcaster_user_id=${String(broadcaster)}&from=2025-01-14T16:00:00Z&to=2025-01-14T17:00:00Z&bucket=week`],
    ['to not after from', `broadcaster_user_id=${String(broadcaster)}&from=2025-01-14T17:00:00Z&to=2025-01-14T17:00:00Z`],
    ['more than 10,000 buckets', `broadcaster_user_id=${String(broadcaster)}&from=2000-01-01T00:00:00Z&to=2025-01-01T00:00:00Z&bucket=hour`],
  ])('answers 400 ENVAPI_QUERY_INVALID for %s', async (_name, query) => {
    const { status, body } = await histogram(query);
    expect(status).toBe(400);
    expect(body).toMatchObject({ code: 'ENVAPI_QUERY_INVALID' });
    expect(validateGetChatHistogramResponse400(body)).toBe(true);
  });

  it('answers 503 ENVAPI_CLICKHOUSE_UNAVAILABLE with Retry-After when the role has no ClickHouse', async () => {
    const { status, body, retryAfter } = await histogram(`broadcaster_user_id=${String(broadcaster)}&from=2025-01-14T16:00:00Z&to=2025-01-14T17:00:00Z`, false);
    expect(status).toBe(503);
    expect(retryAfter).toBe('5');
    expect(body).toMatchObject({ code: 'ENVAPI_CLICKHOUSE_UNAVAILABLE' });
    expect(validateGetChatHistogramResponse503(body)).toBe(true);
  });
});

describe('GET /readyz with a shared ClickHouse', () => {
  it('reports ClickHouse up in shared mode', async () => {
    harness = await startEnvApp(db.current.url, { clickhouse: clickhouse.client });
    const response = await harness.app.inject({ method: 'GET', url: '/readyz' });
    expect(response.json()).toEqual({ status: 'ready', postgres: { status: 'up', error: null }, clickhouse: { status: 'up', mode: 'shared', error: null } });
    expect(validateGetReadyzResponse200(response.json())).toBe(true);
  });
});
