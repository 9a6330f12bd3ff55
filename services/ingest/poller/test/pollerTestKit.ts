/**
 * Helpers of the poller's and the channel commands' integration tests: seeded channels and
 * schedules, a pool acting as vf_ingest, Kick channels for the fake API, and a pino logger whose
 * lines the test can read.
 */
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import type { Channel } from '../../../../generated/openapi/kick-api.schemas.ts';
import { createDmPool, type DmPool } from '../../../shared/pg/pools.ts';
import { withPgClient } from '../../../shared/testkit/pgClient.ts';

/** A dm pool whose sessions run as vf_ingest (set in the startup packet), the product's role. */
export async function createIngestPool(url: string, maximumPoolSize = 4): Promise<DmPool> {
  const u = new URL(url);
  u.searchParams.set('options', '-c role=vf_ingest');
  return createDmPool(u.href, { maximumPoolSize });
}

/** Empties what the poller and the channel commands write, between tests. */
export async function resetDm(url: string): Promise<void> {
  await withPgClient(url, async (c) => {
    await c.query('TRUNCATE dm.streamer_channel, dm.scrape_log, ingest.inbox, ingest.outbox, ingest.dedupe_key, ingest.quarantine CASCADE');
  });
}

/** Seeds tracked channels `firstId … firstId+count-1` (slug `chan<id>`) with schedules due at `nextProbeAt`. */
export async function seedDueChannels(url: string, firstId: number, count: number, nextProbeAt: Date, enabled = true): Promise<void> {
  await withPgClient(url, async (c) => {
    await c.query(
      `WITH ch AS (
         INSERT INTO dm.streamer_channel (kick_broadcaster_user_id, slug, tracking, tracking_changed_at)
         SELECT id, 'chan' || id, true, now() FROM generate_series($1::bigint, $1::bigint + $2 - 1) AS id
         RETURNING id)
       INSERT INTO dm.probe_schedule (streamer_channel_id, next_probe_at, enabled) SELECT id, $3, $4 FROM ch`,
      [firstId, count, nextProbeAt, enabled],
    );
  });
}

/** Runs one query as the superuser and returns its rows. */
export async function queryRows<T extends Record<string, unknown>>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  return withPgClient(url, async (c) => (await c.query<T>(text, values)).rows);
}

/** A count as a number. */
export async function countRows(url: string, text: string, values: unknown[] = []): Promise<number> {
  const [row] = await queryRows<{ n: number }>(url, `SELECT count(*)::int AS n FROM (${text}) AS q`, values);
  return row?.n ?? -1;
}

/** A live Kick channel as `GET /public/v1/channels` answers it. */
export function liveChannel(broadcasterUserId: number, viewers = 100): Channel {
  return {
    broadcaster_user_id: broadcasterUserId,
    slug: `chan${String(broadcasterUserId)}`,
    stream_title: 'Stream Title',
    category: { id: 15, name: 'Just Chatting' },
    stream: { is_live: true, viewer_count: viewers, start_time: '2026-11-21T09:00:00Z', language: 'en' },
  };
}

/** Live channels `firstId … firstId+count-1`. */
export function liveChannels(firstId: number, count: number): Channel[] {
  return Array.from({ length: count }, (_, i) => liveChannel(firstId + i, i));
}

/** A pino logger at `info` whose JSON lines are kept for the test to read. */
export function capturingLogger(): { logger: Logger; lines: () => { level: number; msg: string; [key: string]: unknown }[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  const logger = pino({ level: 'info' }, stream);
  return {
    logger,
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as { level: number; msg: string }),
  };
}
