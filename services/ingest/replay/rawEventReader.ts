/**
 * How a replay from raw events reads ClickHouse `vf.raw_events`: a ClickHouse server directly
 * (`CLICKHOUSE_URL`), or the embedded engine of the running stack through its admin bridge
 * (`POST /admin/clickhouse/query`), since only the process that opened chdb can reach it
 * (DESIGN §2). Both run the same read-only SQL with `{name:Type}` parameters.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import { createClickhouseClient } from '../../shared/clickhouse/createClickhouseClient.ts';
import { AppError, coerceError } from '../../shared/errors.ts';

/** Query parameters: values for the `{name:Type}` placeholders. */
export type RawQueryParams = Readonly<Record<string, string | number>>;

/** Runs read-only SELECTs and returns JSONEachRow rows. */
export interface RawEventReader {
  select(query: string, params: RawQueryParams): Promise<Record<string, unknown>[]>;
  /** Releases the connection (a no-op for the bridge). */
  close(): Promise<void>;
}

/** Reads through an open client (a server, or chdb in this process). */
export function clickhouseRawEventReader(client: ClickHouseClient, close: () => Promise<void> = () => Promise.resolve()): RawEventReader {
  return {
    select: async (query, params) => {
      const result = await client.query({ query, format: 'JSONEachRow', query_params: params });
      return result.json<Record<string, unknown>>();
    },
    close,
  };
}

function bridgeMessage(body: unknown): string {
  if (typeof body === 'object' && body !== null && 'message' in body && typeof body.message === 'string') return body.message;
  return JSON.stringify(body);
}

function isRowList(value: unknown): value is Record<string, unknown>[] {
  return Array.isArray(value) && value.every((row) => typeof row === 'object' && row !== null && !Array.isArray(row));
}

/**
 * Reads through the admin bridge at `adminUrl` (e.g. `http://127.0.0.1:9464`). Throws
 * `CLICKHOUSE_NOT_REACHABLE` when nothing answers there or the role has no embedded ClickHouse,
 * `CLICKHOUSE_QUERY_FAILED` when ClickHouse refused the query.
 */
export function adminBridgeRawEventReader(adminUrl: string): RawEventReader {
  const endpoint = new URL('/admin/clickhouse/query', adminUrl).href;
  return {
    select: async (query, params) => {
      let response: Response;
      try {
        response = await fetch(endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ sql: query, params, format: 'JSONEachRow' }),
        });
      } catch (e: unknown) {
        throw new AppError(
          'CLICKHOUSE_NOT_REACHABLE',
          `Cannot read vf.raw_events: nothing answers at ${endpoint}. Start the local stack (npm start) so the CLI reads its embedded ClickHouse through the admin API, or set CLICKHOUSE_URL.`,
          { cause: coerceError(e), details: { endpoint } },
        );
      }
      const body: unknown = await response.json().catch(() => null);
      if (response.status === 404) {
        throw new AppError('CLICKHOUSE_NOT_REACHABLE', `The running ingest role uses a ClickHouse server, not an embedded one: set CLICKHOUSE_URL to it (${bridgeMessage(body)})`, {
          details: { endpoint },
        });
      }
      if (!response.ok) throw new AppError('CLICKHOUSE_QUERY_FAILED', `ClickHouse (through ${endpoint}) answered ${String(response.status)}: ${bridgeMessage(body)}`);
      const rows = typeof body === 'object' && body !== null && 'rows' in body ? body.rows : undefined;
      if (!isRowList(rows)) throw new AppError('CLICKHOUSE_QUERY_FAILED', `${endpoint} answered without JSONEachRow rows`);
      return rows;
    },
    close: () => Promise.resolve(),
  };
}

/** Where a CLI finds ClickHouse: `clickhouseUrl` (CLICKHOUSE_URL) first, else the admin bridge at `adminUrl`. */
export async function openRawEventReader(options: { readonly clickhouseUrl: string | null; readonly adminUrl: string }): Promise<RawEventReader> {
  if (options.clickhouseUrl === null) return adminBridgeRawEventReader(options.adminUrl);
  // A URL never opens the embedded engine, so no data directory is involved.
  const open = await createClickhouseClient({ url: options.clickhouseUrl, dataDir: '' });
  return clickhouseRawEventReader(open.client, open.close);
}
