/**
 * The ClickHouse an environment role reads its admin paths from (DESIGN §2): the embedded engine
 * of `npm start`, shared by that process (`shared`), or a server at `CLICKHOUSE_URL` (`server`).
 * Without either the role has none, its ClickHouse read paths answer 503 and `/readyz` reports
 * `unconfigured`; it never opens an embedded engine of its own.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import type { ClickhouseCheck } from '../../../generated/openapi/internal-events.schemas.ts';
import { coerceError } from '../../shared/errors.ts';

/** A configured ClickHouse and where it comes from. */
export interface EnvClickhouse {
  readonly client: ClickHouseClient;
  readonly mode: 'shared' | 'server';
}

/** Races `promise` against a timer, rejecting after `timeoutMs`. */
export async function withTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
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

/** The readiness report of `clickhouse` (`unconfigured` when null); never throws. */
export async function probeClickhouse(clickhouse: EnvClickhouse | null, timeoutMs: number): Promise<ClickhouseCheck> {
  if (clickhouse === null) return { status: 'unconfigured', mode: 'none', error: null };
  try {
    const ping = await withTimeout(clickhouse.client.ping(), timeoutMs);
    if (ping.success) return { status: 'up', mode: clickhouse.mode, error: null };
    return { status: 'down', mode: clickhouse.mode, error: ping.error.message };
  } catch (e: unknown) {
    return { status: 'down', mode: clickhouse.mode, error: coerceError(e).message };
  }
}
