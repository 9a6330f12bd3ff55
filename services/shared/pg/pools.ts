/**
 * slonik pools for the two kinds of database, typed apart: a `DmPool` (vf-pg-dm: dm.*, ingest.*,
 * graphile_worker) and an `EnvPool` (one environment's read model). A function that takes a
 * `DmPool` does not accept an `EnvPool` or a bare `DatabasePool`, so a query cannot go to the
 * wrong database by accident; each brand is minted only by its factory below.
 */
import { createPool, type DatabasePool } from 'slonik';
import { mapPgError } from './mapPgError.ts';

declare const dmBrand: unique symbol;
declare const envBrand: unique symbol;

/** A pool on vf-pg-dm. */
export type DmPool = DatabasePool & { readonly [dmBrand]: true };

/** A pool on one environment's database. */
export type EnvPool = DatabasePool & { readonly [envBrand]: true };

/** Pool sizing and timeouts; units in the names. */
export interface PoolOptions {
  maximumPoolSize?: number;
  connectionTimeoutMs?: number;
  statementTimeoutMs?: number;
  idleTimeoutMs?: number;
  /**
   * Run `DISCARD ALL` when a connection goes back to the pool (slonik's default, true). A pool
   * whose users never change session state may turn it off and save a round trip per checkout:
   * the ingest acceptor's pool does.
   */
  resetOnRelease?: boolean;
}

const poolDefaults = { maximumPoolSize: 10, connectionTimeoutMs: 5_000, statementTimeoutMs: 30_000, idleTimeoutMs: 10_000, resetOnRelease: true };

async function openPool(url: string, options: PoolOptions): Promise<DatabasePool> {
  const o = { ...poolDefaults, ...options };
  try {
    // slonik connects while creating the pool (type parsers, warm-up), so this is where an
    // unreachable server first shows; mapped to DatabaseUnavailableError like any other call.
    return await createPool(url, {
      maximumPoolSize: o.maximumPoolSize,
      connectionTimeout: o.connectionTimeoutMs,
      statementTimeout: o.statementTimeoutMs,
      idleTimeout: o.idleTimeoutMs,
      ...(o.resetOnRelease ? {} : { resetConnection: () => Promise.resolve() }),
    });
  } catch (e: unknown) {
    throw mapPgError(e);
  }
}

/** Opens a pool on vf-pg-dm (DM_DATABASE_URL). */
export async function createDmPool(url: string, options: PoolOptions = {}): Promise<DmPool> {
  return (await openPool(url, options)) as DmPool;
}

/** Opens a pool on an environment database (DATABASE_URL). */
export async function createEnvPool(url: string, options: PoolOptions = {}): Promise<EnvPool> {
  return (await openPool(url, options)) as EnvPool;
}
