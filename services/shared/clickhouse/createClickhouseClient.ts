/**
 * Opens ClickHouse: a real server over HTTP when a URL is configured, otherwise the embedded
 * engine chdb under `<dataDir>/clickhouse`, plugged into the same `@clickhouse/client` so callers
 * never know the difference (DESIGN §2).
 *
 * chdb is an optional dependency (never in the production image), so it is imported lazily here
 * and nowhere at module load time (the type-only import below is erased).
 *
 * Never pass per-query `clickhouse_settings` on this client: the chdb connection turns them into
 * session `SET` statements that stick for every later query (an `insert_deduplication_token` set
 * once silently drops every later insert). Put settings in the table definition or in the SQL.
 */
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createClient, type ClickHouseClient, type ClickHouseClientConfigOptions } from '@clickhouse/client';
import type * as ChdbConnectionModule from 'chdb/connection';
import { coerceError } from '../errors.ts';
import { ClickhouseSetupError } from './clickhouseSetupError.ts';
import { embeddedLockHolder } from './embeddedLockHolder.ts';

/** An open ClickHouse client and how to release it. */
export interface OpenClickhouse {
  client: ClickHouseClient;
  /** Closes the client; for chdb this also releases the data directory's lock. */
  close(): Promise<void>;
  /** True when this is the in-process chdb engine, not a server. */
  embedded: boolean;
}

/**
 * Connects to `url` when given, else opens chdb in `<dataDir>/clickhouse`.
 *
 * @throws ClickhouseSetupError `CLICKHOUSE_EMBEDDED_LOCKED` when another process holds the
 *   directory, `CLICKHOUSE_EMBEDDED_UNAVAILABLE` when chdb is not installed,
 *   `CLICKHOUSE_EMBEDDED_OPEN_FAILED` for any other refusal.
 */
export async function createClickhouseClient(options: { url?: string | null; dataDir: string }): Promise<OpenClickhouse> {
  if (options.url !== undefined && options.url !== null && options.url !== '') {
    const client = createClient({ url: options.url, application: 'verifluence' });
    return { client, close: () => client.close(), embedded: false };
  }
  const dir = resolve(join(options.dataDir, 'clickhouse'));
  const { createChdbConnection } = await loadChdb();
  await mkdir(dir, { recursive: true });
  let connection: ReturnType<typeof createChdbConnection>;
  try {
    connection = createChdbConnection({ path: dir });
  } catch (e: unknown) {
    throw await openFailure(dir, coerceError(e));
  }
  const client = createClient({ connection: asClientConnection(connection) });
  return { client, close: () => client.close(), embedded: true };
}

/**
 * chdb implements the connection contract of `@clickhouse/client-common`, which the client
 * bundles as its own copy: the two declarations differ only in nominal settings types, so the
 * compiler cannot relate them although the runtime shapes are the same.
 */
function asClientConnection(connection: object): NonNullable<ClickHouseClientConfigOptions['connection']> {
  return connection as NonNullable<ClickHouseClientConfigOptions['connection']>;
}

async function loadChdb(): Promise<typeof ChdbConnectionModule> {
  try {
    return await import('chdb/connection');
  } catch (e: unknown) {
    throw new ClickhouseSetupError(
      'CLICKHOUSE_EMBEDDED_UNAVAILABLE',
      'The embedded ClickHouse engine (the optional package "chdb") could not be loaded; ' +
        'set CLICKHOUSE_URL to use a ClickHouse server instead.',
      { cause: e },
    );
  }
}

async function openFailure(dir: string, cause: Error): Promise<ClickhouseSetupError> {
  const pid = await embeddedLockHolder(dir);
  if (pid !== undefined) {
    return new ClickhouseSetupError(
      'CLICKHOUSE_EMBEDDED_LOCKED',
      `The embedded ClickHouse data directory ${dir} is held by another process (pid ${pid}), ` +
        'probably a running `npm start`; only one process can open it. Stop that process, ' +
        'go through the running stack, or set CLICKHOUSE_URL to use a ClickHouse server.',
      { details: { dir, pid }, cause },
    );
  }
  return new ClickhouseSetupError(
    'CLICKHOUSE_EMBEDDED_OPEN_FAILED',
    `The embedded ClickHouse could not open ${dir}: ${cause.message}. ` +
      'A process can open only one chdb directory at a time.',
    { details: { dir }, cause },
  );
}
