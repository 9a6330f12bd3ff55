import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  validateGetChannelChatHistogramResponse200,
  validateGetChannelChatHistogramResponse503,
  validateGetChannelResponse200,
  validateGetChannelResponse400,
  validateGetChannelResponse404,
  validateSearchChannelsResponse200,
} from '../../../generated/openapi/ingest.validators.cjs';
import { insertRawEvents, openMigratedClickhouse, type TestClickhouse } from '../../shared/clickhouse/test/clickhouseTestKit.ts';
import type { DmPool } from '../../shared/pg/pools.ts';
import { useTestDatabase } from '../../shared/testkit/testDatabase.ts';
import type { ValidDelivery } from '../accept/delivery.ts';
import { kickDelivery, probeDelivery } from '../accept/test/deliveries.ts';
import { acceptAll, buildConsoleApp, unreachableClickhouse } from '../console/test/consoleTestKit.ts';
import { createIngestPool } from '../quarantine/test/quarantineSeeds.ts';

const HOUR = 3_600_000;
const BROADCASTER = 123456789; // the contract examples' channel
const now = new Date();
const hoursAgo = (h: number): Date => new Date(now.getTime() - h * HOUR);
const minuteText = (at: Date): string => `${at.toISOString().slice(0, 16)}:00Z`;

/** A chat message in the examples' channel under `slug`, at provider time `at`. */
function chatAs(slug: string, at: Date, nonce: string): ValidDelivery {
  const base = kickDelivery('kick.chat.message.sent.v1', { nonce });
  const data = base.data as { broadcaster: Record<string, unknown> };
  return { ...base, data: { ...data, broadcaster: { ...data.broadcaster, channel_slug: slug } }, providerTime: at };
}

/** A viewer probe of the examples' channel at `at`'s minute with `viewers`. */
function probeAt(at: Date, viewers: number): ValidDelivery {
  const base = probeDelivery(minuteText(at));
  return { ...base, data: { ...(base.data as Record<string, unknown>), viewer_count: viewers } };
}

describe('the channel routes', () => {
  const db = useTestDatabase('dm');
  let pool: DmPool;
  let clickhouse: TestClickhouse;
  let app: FastifyInstance;

  beforeAll(async () => {
    pool = await createIngestPool(db.current.url);
    clickhouse = await openMigratedClickhouse();
    app = buildConsoleApp({ pool, clickhouse: clickhouse.client, now: () => now });
    // Renamed two days ago; one stream session (the example's); probes over the last hours.
    await acceptAll(pool, [
      chatAs('old_name', hoursAgo(72), 'slug-1'),
      chatAs('broadcaster_channel', hoursAgo(48), 'slug-2'),
      kickDelivery('kick.livestream.status.updated.v1', { nonce: 'live-1' }),
      probeAt(hoursAgo(30), 7),
      probeAt(hoursAgo(3), 120),
      probeAt(hoursAgo(2), 150),
    ]);
    // Chat messages in ClickHouse: two in the hour before this one (one raw event inserted twice), one 3 hours ago.
    await insertRawEvents(clickhouse.client, [
      { raw_id: 'chat-a', broadcaster_user_id: BROADCASTER, provider_time: hoursAgo(1) },
      { raw_id: 'chat-b', broadcaster_user_id: BROADCASTER, provider_time: hoursAgo(1) },
      { raw_id: 'chat-c', broadcaster_user_id: BROADCASTER, provider_time: hoursAgo(3) },
      { raw_id: 'chat-other', broadcaster_user_id: 42, provider_time: hoursAgo(1) },
    ]);
    await insertRawEvents(clickhouse.client, [{ raw_id: 'chat-a', broadcaster_user_id: BROADCASTER, provider_time: hoursAgo(1) }]);
  });
  afterAll(async () => {
    await app.close();
    await clickhouse.close();
    await pool.end();
  });

  async function get(url: string): Promise<{ status: number; body: unknown }> {
    const response = await app.inject({ method: 'GET', url });
    return { status: response.statusCode, body: response.json() };
  }

  describe('GET /admin/channels', () => {
    it('finds a channel by broadcaster id, and by part of its slug in any case', async () => {
      const byId = await get(`/admin/channels?q=${String(BROADCASTER)}`);
      expect(validateSearchChannelsResponse200(byId.body)).toBe(true);
      const want = { items: [{ broadcasterUserId: BROADCASTER, slug: 'broadcaster_channel', displayName: 'broadcaster_name', tracking: false, matchedSlug: null }] };
      expect(byId.body).toEqual(want);
      expect((await get('/admin/channels?q=CASTER_CHAN')).body).toEqual(want);
    });

    it('finds a channel by a former slug and names it', async () => {
      expect((await get('/admin/channels?q=old_na')).body).toEqual({ items: [expect.objectContaining({ slug: 'broadcaster_channel', matchedSlug: 'old_name' })] });
    });

    it('answers an empty list when nothing matches, and 400 without a query', async () => {
      expect((await get('/admin/channels?q=nobody_here')).body).toEqual({ items: [] });
      expect(await get('/admin/channels')).toMatchObject({ status: 400, body: { code: 'INGEST_QUERY_INVALID' } });
    });
  });

  describe('GET /admin/channels/{broadcasterUserId}', () => {
    it('answers the channel, its slug history, sessions and the viewer counts of the window', async () => {
      const { status, body } = await get(`/admin/channels/${String(BROADCASTER)}`);
      expect(status).toBe(200);
      expect(validateGetChannelResponse200(body)).toBe(true);
      expect(body).toMatchObject({
        channel: { broadcasterUserId: BROADCASTER, slug: 'broadcaster_channel', tracking: false },
        slugHistory: [
          { slug: 'broadcaster_channel', validFrom: hoursAgo(48).toISOString(), validTo: null },
          { slug: 'old_name', validFrom: hoursAgo(72).toISOString(), validTo: hoursAgo(48).toISOString() },
        ],
        streamSessions: [{ startedAt: '2025-01-01T00:00:00.000Z', endedAt: null, title: 'Stream Title' }],
        viewerCounts: {
          to: now.toISOString(),
          points: [
            { probedAt: new Date(minuteText(hoursAgo(3))).toISOString(), viewerCount: 120, isLive: true },
            { probedAt: new Date(minuteText(hoursAgo(2))).toISOString(), viewerCount: 150, isLive: true },
          ],
        },
      });
    });

    it('takes a longer viewer window', async () => {
      const { body } = await get(`/admin/channels/${String(BROADCASTER)}?hours=48`);
      expect((body as { viewerCounts: { points: unknown[] } }).viewerCounts.points).toHaveLength(3);
    });

    it('answers 404 INGEST_CHANNEL_UNKNOWN for a channel never seen, 400 for an id that is not one', async () => {
      const unknown = await get('/admin/channels/5');
      expect(unknown).toMatchObject({ status: 404, body: { code: 'INGEST_CHANNEL_UNKNOWN' } });
      expect(validateGetChannelResponse404(unknown.body)).toBe(true);
      const invalid = await get('/admin/channels/broadcaster_channel');
      expect(invalid).toMatchObject({ status: 400, body: { code: 'INGEST_QUERY_INVALID' } });
      expect(validateGetChannelResponse400(invalid.body)).toBe(true);
    });
  });

  describe('GET /admin/channels/{broadcasterUserId}/chat-histogram', () => {
    it('counts chat messages per hour from the exact table, a twice-inserted raw event once, every hour present', async () => {
      const { status, body } = await get(`/admin/channels/${String(BROADCASTER)}/chat-histogram?hours=4`);
      expect(status).toBe(200);
      expect(validateGetChannelChatHistogramResponse200(body)).toBe(true);
      const hourStart = (at: Date): string => new Date(Math.floor(at.getTime() / HOUR) * HOUR).toISOString().replace('.000Z', 'Z');
      expect(body).toEqual({
        broadcasterUserId: BROADCASTER,
        from: hourStart(hoursAgo(3)),
        to: hourStart(new Date(now.getTime() + HOUR)),
        buckets: [
          { start: hourStart(hoursAgo(3)), count: 1 },
          { start: hourStart(hoursAgo(2)), count: 0 },
          { start: hourStart(hoursAgo(1)), count: 2 },
          { start: hourStart(now), count: 0 },
        ],
      });
    });

    it('answers 503 INGEST_CLICKHOUSE_UNAVAILABLE when ClickHouse does not answer', async () => {
      const unreachable = unreachableClickhouse();
      const down = buildConsoleApp({ pool, clickhouse: unreachable });
      try {
        const response = await down.inject({ method: 'GET', url: `/admin/channels/${String(BROADCASTER)}/chat-histogram` });
        expect(response.statusCode).toBe(503);
        expect(response.headers['retry-after']).toBeDefined();
        expect(validateGetChannelChatHistogramResponse503(response.json())).toBe(true);
        expect(response.json()).toMatchObject({ code: 'INGEST_CLICKHOUSE_UNAVAILABLE' });
      } finally {
        await down.close();
        await unreachable.close();
      }
    });
  });
});
