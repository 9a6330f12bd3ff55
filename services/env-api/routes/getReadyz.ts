/**
 * `GET /readyz` (operation `getReadyz`): ready exactly when the environment's PostgreSQL answers,
 * since every envelope is applied there. ClickHouse (admin read paths only) is reported, never
 * decisive. Both answers carry the same report.
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'slonik';
import { getReadyzRouteSchema, type DependencyCheck, type Readiness } from '../../../generated/openapi/internal-events.schemas.ts';
import { coerceError } from '../../shared/errors.ts';
import type { EnvPool } from '../../shared/pg/pools.ts';
import { probeClickhouse, withTimeout, type EnvClickhouse } from '../app/envClickhouse.ts';
import { RETRY_AFTER_SECONDS } from '../errors.ts';

/** What the readiness check probes. */
export interface GetReadyzDeps {
  readonly pool: EnvPool;
  readonly clickhouse: EnvClickhouse | null;
  /** How long each probe may take before it counts as down (default 2 s). */
  readonly probeTimeoutMs?: number;
}

async function probePostgres(pool: EnvPool, timeoutMs: number): Promise<DependencyCheck> {
  try {
    await withTimeout(pool.oneFirst(sql.unsafe`SELECT 1`), timeoutMs);
    return { status: 'up', error: null };
  } catch (e: unknown) {
    return { status: 'down', error: coerceError(e).message };
  }
}

/** Registers the route on `app`. */
export function getReadyz(app: FastifyInstance, deps: GetReadyzDeps): void {
  const timeoutMs = deps.probeTimeoutMs ?? 2_000;
  app.get('/readyz', { schema: getReadyzRouteSchema }, async (_request, reply): Promise<Readiness> => {
    // Both probes at once: the answer takes as long as the slower one, at most the timeout.
    const [postgres, clickhouse] = await Promise.all([probePostgres(deps.pool, timeoutMs), probeClickhouse(deps.clickhouse, timeoutMs)]);
    const ready = postgres.status === 'up';
    if (!ready) reply.code(503).header('retry-after', String(RETRY_AFTER_SECONDS));
    return { status: ready ? 'ready' : 'not_ready', postgres, clickhouse };
  });
}
