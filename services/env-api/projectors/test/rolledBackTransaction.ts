/**
 * The transaction every projection spec runs in: always rolled back, so specs never see each
 * other's rows and TRUNCATE in a rebuild check leaves the test database as it was.
 */
import { sql, type QuerySqlToken } from 'slonik';
import type { EnvPool } from '../../../shared/pg/pools.ts';
import type { ProjectorTx } from '../projectorTx.ts';

/** A row as JSON (`to_jsonb`): bigint as number, timestamptz as an ISO string, arrays as arrays. */
export type JsonRow = Record<string, unknown>;

/** Runs `query` through `db` and returns its rows as JSON (see {@link JsonRow}), in the query's order. */
export async function jsonRows(db: ProjectorTx, query: QuerySqlToken): Promise<JsonRow[]> {
  const rows = await db.anyFirst(sql.unsafe`SELECT to_jsonb(q) AS row FROM (${query}) AS q`);
  return rows.map((row) => row as JsonRow);
}

class RolledBack extends Error {}

/**
 * Runs `work` in a transaction of `pool` that is always rolled back, as the environment API's role
 * `vf_env`, with the time zone set to UTC (so `jsonRows` renders timestamptz as `…+00:00`);
 * resolves with what `work` returned.
 */
export async function inRolledBackTransaction<T>(pool: EnvPool, work: (tx: ProjectorTx) => Promise<T>): Promise<T> {
  let result: { value: T } | undefined;
  try {
    await pool.transaction(async (tx) => {
      await tx.query(sql.unsafe`SET LOCAL TIME ZONE 'UTC'`);
      // The product role, so a projector that needs a privilege vf_env lacks fails here too.
      await tx.query(sql.unsafe`SET LOCAL ROLE vf_env`);
      result = { value: await work(tx) };
      throw new RolledBack('rolled back on purpose');
    });
  } catch (e: unknown) {
    if (!(e instanceof RolledBack)) throw e;
  }
  if (result === undefined) throw new Error('inRolledBackTransaction: the work did not finish');
  return result.value;
}
