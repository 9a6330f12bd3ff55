/**
 * Counts and content checksums of an environment's read model (DESIGN §7), so two environments,
 * or an environment and a reference rebuilt from the outbox, can be compared table by table: the
 * md5 of every row rendered as JSON, in primary-key order, with the columns that legitimately
 * differ per environment left out. Only `processed_events.processed_at` does (the time this
 * environment applied the event); every other column is derived from the envelope
 * (sql/postgres/env/migrations). `streamer_channel_link` is the marketplace's own table and is
 * left out: nothing of ours writes it.
 */
import pg from 'pg';
import { PROJECTION_TABLES } from '../../../env-api/test/readModelTables.ts';

/** The tables the projectors write, plus processed_events. */
export const READ_MODEL_TABLES = ['processed_events', ...PROJECTION_TABLES] as const;

/** Columns that differ between environments by design, per table. */
const PER_ENVIRONMENT_COLUMNS: Readonly<Record<string, readonly string[]>> = { processed_events: ['processed_at'] };

/** Rows and checksum of one table. */
export interface TableChecksum {
  readonly rows: number;
  readonly md5: string;
}

/** Per table. */
export type ReadModelChecksums = Record<string, TableChecksum>;

async function primaryKey(client: pg.Client, table: string): Promise<string[]> {
  const { rows } = await client.query<{ column: string }>(
    `SELECT a.attname AS column
       FROM pg_index i
       JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
      WHERE i.indrelid = $1::regclass AND i.indisprimary
      ORDER BY array_position(i.indkey::int2[], a.attnum)`,
    [`public.${table}`],
  );
  if (rows.length === 0) throw new Error(`${table} has no primary key`);
  return rows.map((row) => row.column);
}

/** Counts and checksums of every read-model table of the database at `url`. */
export async function readModelChecksums(url: string): Promise<ReadModelChecksums> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // jsonb renders timestamptz in the session's zone: the same zone on both sides of a comparison.
    await client.query(`SET TIME ZONE 'UTC'`);
    const result: ReadModelChecksums = {};
    for (const table of READ_MODEL_TABLES) {
      const order = (await primaryKey(client, table)).map((column) => `t.${client.escapeIdentifier(column)}`).join(', ');
      const dropped = (PER_ENVIRONMENT_COLUMNS[table] ?? []).map((column) => ` - ${client.escapeLiteral(column)}`).join('');
      const { rows } = await client.query<{ rows: number; md5: string }>(
        `SELECT count(*)::int AS rows, md5(coalesce(string_agg((to_jsonb(t)${dropped})::text, E'\\n' ORDER BY ${order}), '')) AS md5
           FROM public.${client.escapeIdentifier(table)} AS t`,
      );
      const row = rows[0];
      if (row === undefined) throw new Error(`no checksum row for ${table}`);
      result[table] = { rows: row.rows, md5: row.md5 };
    }
    return result;
  } finally {
    await client.end();
  }
}

/** One query's rows on a fresh connection (superuser URLs of the test's own servers). */
export async function queryRows<T extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}
