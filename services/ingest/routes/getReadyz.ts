/**
 * `GET /readyz` (operation `getReadyz`, admin listener): ready exactly when PostgreSQL answers,
 * since webhooks are acknowledged only after a PostgreSQL commit. ClickHouse is reported but never
 * decides: the raw sink drains the inbox into it later, so its outage fails no webhook.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import type { FastifyInstance } from 'fastify';
import { sql } from 'slonik';
import { getReadyzRouteSchema, type ClickhouseCheck, type DependencyCheck, type Readiness } from '../../../generated/openapi/ingest.schemas.ts';
import { coerceError } from '../../shared/errors.ts';
import type { DmPool } from '../../shared/pg/pools.ts';
import { RETRY_AFTER_SECONDS } from '../errors.ts';

/** What the readiness check probes. */
export interface GetReadyzDeps {
  readonly pool: DmPool;
  readonly clickhouse: ClickHouseClient;
  readonly clickhouseMode: 'embedded' | 'server';
  /** How long each probe may take before it counts as down (default 2 s). */
  readonly probeTimeoutMs?: number;
}

/** Registers the route on `app`. */
export function getReadyz(app: FastifyInstance, deps: GetReadyzDeps): void {
  const timeoutMs = deps.probeTimeoutMs ?? 2_000;
  app.get('/readyz', { schema: getReadyzRouteSchema }, async (_request, reply): Promise<Readiness> => {
    // Both probes at once: the answer takes as long as the slower one, at most the timeout.
    const [postgres, clickhouse] = await Promise.all([probePostgres(deps.pool, timeoutMs), probeClickhouse(deps, timeoutMs)]);
    const ready = postgres.status === 'up';
    if (!ready) reply.code(503).header('retry-after', String(RETRY_AFTER_SECONDS));
    return { status: ready ? 'ready' : 'not_ready', postgres, clickhouse };
  });
}

async function probePostgres(pool: DmPool, timeoutMs: number): Promise<DependencyCheck> {
  try {
    await withTimeout(pool.oneFirst(sql.unsafe`SELECT 1`), timeoutMs);
    return { status: 'up', error: null };
  } catch (e: unknown) {
    return { status: 'down', error: coerceError(e).message };
  }
}

async function probeClickhouse(deps: GetReadyzDeps, timeoutMs: number): Promise<ClickhouseCheck> {
  try {
    const ping = await withTimeout(deps.clickhouse.ping(), timeoutMs);
    if (ping.success) return { status: 'up', mode: deps.clickhouseMode, error: null };
    return { status: 'down', mode: deps.clickhouseMode, error: ping.error.message };
  } catch (e: unknown) {
    return { status: 'down', mode: deps.clickhouseMode, error: coerceError(e).message };
  }
}

async function withTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${String(timeoutMs)} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
