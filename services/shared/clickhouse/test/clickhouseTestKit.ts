/**
 * Test helpers: a migrated embedded ClickHouse in a temp dir, and raw event rows.
 *
 * chdb runs one engine per process: a test file opens one engine, in `beforeAll`, and closes it
 * in `afterAll` (vitest runs each test file in its own process).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClickHouseClient } from '@clickhouse/client';
import { toClickhouseDateTime64 } from '../clickhouseDateTime64.ts';
import { createClickhouseClient } from '../createClickhouseClient.ts';
import { runClickhouseMigrations } from '../migrations.ts';

/** An embedded engine with every migration applied. */
export interface TestClickhouse {
  client: ClickHouseClient;
  dataDir: string;
  /** Closes the engine and deletes its temp dir. */
  close(): Promise<void>;
}

/** Opens chdb in a fresh temp dir and migrates it (`rawBodyTtlDays` 365 unless given). */
export async function openMigratedClickhouse(rawBodyTtlDays = 365): Promise<TestClickhouse> {
  const dataDir = await mkdtemp(join(tmpdir(), 'vf-clickhouse-test-'));
  const clickhouse = await createClickhouseClient({ dataDir });
  await runClickhouseMigrations(clickhouse.client, { rawBodyTtlDays });
  return {
    client: clickhouse.client,
    dataDir,
    close: async () => {
      await clickhouse.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A `vf.raw_events` row as the raw sink writes it; times are JavaScript Dates. */
export interface RawEventInput {
  raw_id: string;
  type?: string;
  status?: 'accepted' | 'quarantined';
  broadcaster_user_id?: number;
  provider_time?: Date;
  received_at?: Date;
  body?: string;
}

/** Inserts `rows` in one insert, filling the columns a test does not care about. */
export async function insertRawEvents(client: ClickHouseClient, rows: RawEventInput[]): Promise<void> {
  const values = rows.map((row) => {
    const providerTime = row.provider_time ?? new Date('2026-01-02T03:04:05.678Z');
    return {
      raw_id: row.raw_id,
      source: 'kick',
      type: row.type ?? 'kick.chat.message.sent.v1',
      provider_message_id: `msg-${row.raw_id}`,
      subject: `kick/broadcaster/${row.broadcaster_user_id ?? 0}`,
      broadcaster_user_id: row.broadcaster_user_id ?? 0,
      received_at: toClickhouseDateTime64(row.received_at ?? providerTime),
      provider_time: toClickhouseDateTime64(providerTime),
      status: row.status ?? 'accepted',
      headers: JSON.stringify({ 'kick-event-message-id': `msg-${row.raw_id}` }),
      body: row.body ?? '{"content":"hi"}',
    };
  });
  await client.insert({ table: 'vf.raw_events', values, format: 'JSONEachRow' });
}

/** Runs `query` and returns its JSONEachRow rows. */
export async function selectRows<T>(client: ClickHouseClient, query: string): Promise<T[]> {
  const result = await client.query({ query, format: 'JSONEachRow' });
  return result.json<T>();
}
