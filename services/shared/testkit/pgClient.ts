/**
 * Connection helpers for tests that always release what they open, even when the callback
 * throws, so a failing test never leaks a connection into the next one.
 */
import pg from 'pg';

/** Options of {@link withPgClient}. */
export interface PgClientOptions {
  /** Act as this role (`SET ROLE`) for the whole connection, e.g. `vf_ingest`. */
  role?: string;
}

/** Runs `cb` with a connected client and ends the connection afterwards. */
export async function withPgClient<T>(url: string, cb: (client: pg.Client) => Promise<T>, options: PgClientOptions = {}): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    if (options.role !== undefined) await client.query(`SET ROLE ${client.escapeIdentifier(options.role)}`);
    return await cb(client);
  } finally {
    await client.end();
  }
}

/** Runs `cb` in a transaction: committed when it resolves, rolled back when it throws. */
export async function withTransaction<T>(url: string, cb: (client: pg.Client) => Promise<T>, options: PgClientOptions = {}): Promise<T> {
  return withPgClient(
    url,
    async (client) => {
      await client.query('BEGIN');
      try {
        const result = await cb(client);
        await client.query('COMMIT');
        return result;
      } catch (e: unknown) {
        await client.query('ROLLBACK');
        throw e;
      }
    },
    options,
  );
}
