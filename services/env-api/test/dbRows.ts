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
