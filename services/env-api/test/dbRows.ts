/**
 * Reads the test database as the superuser, so assertions see exactly what was committed.
 */
import { withPgClient } from '../../shared/testkit/pgClient.ts';
import { TEST_WRITES_TABLE } from './envAppHarness.ts';

/** The `processed_events` rows of these ids: id → type. */
export async function processedRows(url: string, ids: readonly string[]): Promise<Record<string, string>> {
  return withPgClient(url, async (client) => {
    const { rows } = await client.query<{ event_id: string; type: string }>('SELECT event_id::text, type FROM processed_events WHERE event_id = ANY($1::uuid[]) ORDER BY event_id', [ids]);
    return Object.fromEntries(rows.map((row) => [row.event_id, row.type]));
  });
}

/** The test projectors' rows of these ids: id → note. */
export async function testWrites(url: string, ids: readonly string[]): Promise<Record<string, string>> {
  return withPgClient(url, async (client) => {
    const { rows } = await client.query<{ event_id: string; note: string }>(`SELECT event_id::text, note FROM ${TEST_WRITES_TABLE} WHERE event_id = ANY($1::uuid[]) ORDER BY event_id`, [ids]);
    return Object.fromEntries(rows.map((row) => [row.event_id, row.note]));
  });
}

/** How many transactions wrote the `processed_events` rows of these ids (distinct `xmin`). */
export async function committingTransactions(url: string, ids: readonly string[]): Promise<number> {
  return withPgClient(url, async (client) => {
    const { rows } = await client.query<{ n: number }>('SELECT count(DISTINCT xmin::text)::int AS n FROM processed_events WHERE event_id = ANY($1::uuid[])', [ids]);
    return rows[0]?.n ?? 0;
  });
}
