/**
 * Creates a database when it does not exist yet (PostgreSQL has no CREATE DATABASE IF NOT EXISTS).
 */
import pg from 'pg';
import { mapPgError } from './mapPgError.ts';

/** Creates `name` on the server of `adminUrl`; returns true when it was created now. */
export async function ensureDatabase(adminUrl: string, name: string, template?: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: adminUrl });
  try {
    await client.connect();
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount !== 0) return false;
    const from = template === undefined ? '' : ` TEMPLATE ${client.escapeIdentifier(template)}`;
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}${from}`);
    return true;
  } catch (e: unknown) {
    // 42P04 duplicate_database: created concurrently by someone else, which is what we wanted.
    if ((e as { code?: unknown }).code === '42P04') return false;
    throw mapPgError(e);
  } finally {
    await client.end().catch(() => undefined);
  }
}
