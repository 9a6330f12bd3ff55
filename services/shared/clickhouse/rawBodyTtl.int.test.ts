import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runClickhouseMigrations } from './migrations.ts';
import { reconcileRawBodyTtl } from './rawBodyTtl.ts';
import { insertRawEvents, openMigratedClickhouse, selectRows, type TestClickhouse } from './test/clickhouseTestKit.ts';

let clickhouse: TestClickhouse;

beforeAll(async () => {
  clickhouse = await openMigratedClickhouse(365);
});

afterAll(async () => {
  await clickhouse.close();
});

async function ttlDaysOfColumns(): Promise<string[]> {
  const [row] = await selectRows<{ statement: string }>(clickhouse.client, 'SHOW CREATE TABLE vf.raw_events');
  return [...(row?.statement ?? '').matchAll(/`(\w+)` [^\n]*TTL toDateTime\(received_at\) \+ toIntervalDay\((\d+)\)/g)].map((m) => `${m[1]}:${m[2]}`);
}

async function mutationCount(): Promise<number> {
  const [row] = await selectRows<{ n: number }>(
    clickhouse.client,
    "SELECT toUInt32(count()) AS n FROM system.mutations WHERE database = 'vf' AND table = 'raw_events'",
  );
  return row?.n ?? -1;
}

describe('raw body TTL', () => {
  it('creates headers and body with the configured retention and no other column expiring', async () => {
    expect(await ttlDaysOfColumns()).toEqual(['headers:365', 'body:365']);
  });

  it('applies a changed retention to both columns on the next migration run', async () => {
    expect(await runClickhouseMigrations(clickhouse.client, { rawBodyTtlDays: 30 })).toEqual({ applied: [] });
    expect(await ttlDaysOfColumns()).toEqual(['headers:30', 'body:30']);
  });

  it('changes nothing when the retention is unchanged', async () => {
    const before = await mutationCount();
    await runClickhouseMigrations(clickhouse.client, { rawBodyTtlDays: 30 });
    expect(await reconcileRawBodyTtl(clickhouse.client, 30)).toBe(false);
    expect(await mutationCount()).toBe(before);
    expect(await ttlDaysOfColumns()).toEqual(['headers:30', 'body:30']);
  });

  it('clears expired headers and bodies on merge and keeps the metadata', async () => {
    await runClickhouseMigrations(clickhouse.client, { rawBodyTtlDays: 1 });
    const now = Date.now();
    await insertRawEvents(clickhouse.client, [
      { raw_id: 'old-1', broadcaster_user_id: 9001, received_at: new Date(now - 3 * 86_400_000), body: '{"old":true}' },
      { raw_id: 'new-1', broadcaster_user_id: 9001, received_at: new Date(now - 3_600_000), body: '{"new":true}' },
    ]);
    await clickhouse.client.command({ query: 'OPTIMIZE TABLE vf.raw_events FINAL' });
    const rows = await selectRows<{ raw_id: string; type: string; headers: string; body: string }>(
      clickhouse.client,
      'SELECT raw_id, type, headers, body FROM vf.raw_events WHERE broadcaster_user_id = 9001 ORDER BY raw_id',
    );
    expect(rows).toEqual([
      { raw_id: 'new-1', type: 'kick.chat.message.sent.v1', headers: expect.stringContaining('msg-new-1'), body: '{"new":true}' },
      { raw_id: 'old-1', type: 'kick.chat.message.sent.v1', headers: '', body: '' },
    ]);
  });
});
