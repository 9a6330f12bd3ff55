import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromClickhouseDateTime64, toClickhouseDateTime64 } from './clickhouseDateTime64.ts';
import { insertRawEvents, openMigratedClickhouse, selectRows, type TestClickhouse } from './test/clickhouseTestKit.ts';

let clickhouse: TestClickhouse;

beforeAll(async () => {
  clickhouse = await openMigratedClickhouse();
});

afterAll(async () => {
  await clickhouse.close();
});

describe('vf.raw_events', () => {
  it('keeps the millisecond of a DateTime64(3) written from a JavaScript Date', async () => {
    const at = new Date('2026-01-02T03:04:05.678Z');
    await insertRawEvents(clickhouse.client, [{ raw_id: 'ms-1', provider_time: at, received_at: at }]);
    const [row] = await selectRows<{ received_at: string; received_ms: string; provider_ms: string }>(
      clickhouse.client,
      "SELECT received_at, toString(toUnixTimestamp64Milli(received_at)) AS received_ms, toString(toUnixTimestamp64Milli(provider_time)) AS provider_ms FROM vf.raw_events WHERE raw_id = 'ms-1'",
    );
    expect(row).toEqual({ received_at: '2026-01-02 03:04:05.678', received_ms: '1767323045678', provider_ms: '1767323045678' });
    expect(fromClickhouseDateTime64(row?.received_at ?? '')).toEqual(at);
    expect(toClickhouseDateTime64(at)).toBe('2026-01-02 03:04:05.678');
  });

  it('counts a raw event inserted twice once, with uniqExact and with FINAL', async () => {
    const retried = [{ raw_id: 'dup-1', broadcaster_user_id: 7001 }, { raw_id: 'dup-2', broadcaster_user_id: 7001 }];
    await insertRawEvents(clickhouse.client, retried);
    await insertRawEvents(clickhouse.client, retried);
    const [counts] = await selectRows<{ distinct_ids: number; final_rows: number }>(
      clickhouse.client,
      `SELECT
         (SELECT toUInt32(uniqExact(raw_id)) FROM vf.raw_events WHERE broadcaster_user_id = 7001) AS distinct_ids,
         (SELECT toUInt32(count()) FROM vf.raw_events FINAL WHERE broadcaster_user_id = 7001) AS final_rows`,
    );
    expect(counts).toEqual({ distinct_ids: 2, final_rows: 2 });
  });

  it('collapses the duplicate rows when parts merge', async () => {
    const retried = [{ raw_id: 'merge-1', broadcaster_user_id: 7002 }];
    await insertRawEvents(clickhouse.client, retried);
    await insertRawEvents(clickhouse.client, retried);
    await clickhouse.client.command({ query: 'OPTIMIZE TABLE vf.raw_events FINAL' });
    const [row] = await selectRows<{ n: number }>(clickhouse.client, 'SELECT toUInt32(count()) AS n FROM vf.raw_events WHERE broadcaster_user_id = 7002');
    expect(row?.n).toBe(1);
  });
});

describe('vf.chat_messages_per_hour', () => {
  const broadcaster = 8001;
  const hour3 = new Date('2026-01-02T03:10:00.000Z');
  const hour4 = new Date('2026-01-02T04:59:59.999Z');

  it('counts accepted chat messages per broadcaster and provider hour, a retried batch once', async () => {
    const batch = [
      { raw_id: 'chat-1', broadcaster_user_id: broadcaster, provider_time: hour3 },
      { raw_id: 'chat-2', broadcaster_user_id: broadcaster, provider_time: hour3 },
      { raw_id: 'chat-3', broadcaster_user_id: broadcaster, provider_time: hour4 },
    ];
    await insertRawEvents(clickhouse.client, batch);
    await insertRawEvents(clickhouse.client, batch);
    await insertRawEvents(clickhouse.client, [
      { raw_id: 'chat-q', broadcaster_user_id: broadcaster, provider_time: hour3, status: 'quarantined' },
      { raw_id: 'follow-1', broadcaster_user_id: broadcaster, provider_time: hour3, type: 'kick.channel.followed.v1' },
      { raw_id: 'chat-other', broadcaster_user_id: broadcaster + 1, provider_time: hour3 },
    ]);
    const rows = await selectRows<{ hour: string; messages: number }>(
      clickhouse.client,
      `SELECT hour, toUInt32(messages) AS messages FROM vf.chat_messages_per_hour WHERE broadcaster_user_id = ${broadcaster} ORDER BY hour`,
    );
    expect(rows).toEqual([
      { hour: '2026-01-02 03:00:00', messages: 2 },
      { hour: '2026-01-02 04:00:00', messages: 1 },
    ]);
  });

  it('counts a quarantined chat message once it is re-sunk as accepted, and only once', async () => {
    const late = new Date('2026-01-03T10:00:00.000Z');
    await insertRawEvents(clickhouse.client, [{ raw_id: 'chat-late', broadcaster_user_id: broadcaster, provider_time: late, status: 'quarantined' }]);
    await insertRawEvents(clickhouse.client, [{ raw_id: 'chat-late', broadcaster_user_id: broadcaster, provider_time: late, status: 'accepted' }]);
    await insertRawEvents(clickhouse.client, [{ raw_id: 'chat-late', broadcaster_user_id: broadcaster, provider_time: late, status: 'accepted' }]);
    const rows = await selectRows<{ messages: number }>(
      clickhouse.client,
      `SELECT toUInt32(messages) AS messages FROM vf.chat_messages_per_hour WHERE broadcaster_user_id = ${broadcaster} AND hour = '2026-01-03 10:00:00'`,
    );
    expect(rows).toEqual([{ messages: 1 }]);
  });
});
