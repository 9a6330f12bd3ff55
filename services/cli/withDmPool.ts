/**
 * A short-lived pool on vf-pg-dm for one command (DM_DATABASE_URL, else the running stack's
 * `vf_dm`), always closed afterwards.
 */
import { createDmPool, type DmPool } from '../shared/pg/pools.ts';
import type { CliContext } from './cliContext.ts';
import { dmTarget } from './databaseTargets.ts';

/** Runs `run` with the pool and ends the pool, also when `run` throws. */
export async function withDmPool<T>(context: CliContext, run: (pool: DmPool) => Promise<T>): Promise<T> {
  const pool = await createDmPool((await dmTarget(context.config())).url, { maximumPoolSize: 2 });
  try {
    return await run(pool);
  } finally {
    await pool.end();
  }
}
