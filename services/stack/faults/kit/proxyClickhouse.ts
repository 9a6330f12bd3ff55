/**
 * The embedded ClickHouse (chdb, in this process) behind a switch, for fault tests. There is no
 * ClickHouse server here to stop, so the outage is made at the client's transport: the role gets
 * a real `@clickhouse/client` whose connection forwards to chdb while the switch is up and, while
 * it is down, fails every call the way a refused TCP connection fails (`ECONNREFUSED`, nothing
 * reaches the engine; ping answers unsuccessful). The client, the raw sink and every caller above
 * it run unchanged.
 *
 * `loseNextInsertResponses(n)` models the nastier failure: the next n inserts reach the engine and
 * are stored, then the caller gets `ECONNRESET` as if the connection broke before the answer came
 * back. The raw sink then rolls back and writes the rows again, which ReplacingMergeTree must
 * count once.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createClient, type ClickHouseClient, type ClickHouseClientConfigOptions } from '@clickhouse/client';
import { createChdbConnection } from 'chdb/connection';
import type { OpenClickhouse } from '../../../shared/clickhouse/createClickhouseClient.ts';
import { runClickhouseMigrations } from '../../../shared/clickhouse/migrations.ts';

type ClientConnection = NonNullable<ClickHouseClientConfigOptions['connection']>;

/** What the switch has done. */
export interface ProxyClickhouseStats {
  /** Calls refused while down (ping included). */
  refused: number;
  /** Inserts that were stored but whose answer was replaced by a reset. */
  lostResponses: number;
  /** Inserts that reached the engine. */
  inserts: number;
}

/** The embedded ClickHouse behind its switch. */
export interface ProxyClickhouse {
  /** What to hand to the role (`startIngestRole(…, { clickhouse })`); the role does not close it. */
  readonly open: OpenClickhouse;
  /** A client on the same engine that bypasses the switch: the test's own reads. */
  readonly direct: ClickHouseClient;
  down(): void;
  up(): void;
  isDown(): boolean;
  loseNextInsertResponses(count: number): void;
  stats(): ProxyClickhouseStats;
  /** Closes both clients and the engine. */
  close(): Promise<void>;
}

function refusedError(): Error {
  return Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8123 (fault injection: ClickHouse is down)'), { code: 'ECONNREFUSED', errno: -111, syscall: 'connect' });
}

function resetError(): Error {
  return Object.assign(new Error('socket hang up (fault injection: the answer to a stored insert was lost)'), { code: 'ECONNRESET' });
}

/** chdb's connection satisfies the client's contract; its bundled declaration differs only nominally (see createClickhouseClient.ts). */
function asClientConnection(connection: object): ClientConnection {
  return connection as ClientConnection;
}

/** Opens chdb under `<dataDir>/clickhouse`, migrates `vf`, and puts it behind the switch (up). */
export async function openProxyClickhouse(dataDir: string): Promise<ProxyClickhouse> {
  const dir = join(dataDir, 'clickhouse');
  await mkdir(dir, { recursive: true });
  const engine = asClientConnection(createChdbConnection({ path: dir }));
  const stats: ProxyClickhouseStats = { refused: 0, lostResponses: 0, inserts: 0 };
  let down = false;
  let responsesToLose = 0;

  const guard = <T>(call: () => Promise<T>): Promise<T> => {
    if (!down) return call();
    stats.refused += 1;
    return Promise.reject(refusedError());
  };
  const switched: ClientConnection = {
    ping: async (params) => {
      if (!down) return engine.ping(params);
      stats.refused += 1;
      return { success: false, error: refusedError() };
    },
    query: (params) => guard(() => engine.query(params)),
    command: (params) => guard(() => engine.command(params)),
    exec: (params) => guard(() => engine.exec(params)),
    insert: (params) =>
      guard(async () => {
        stats.inserts += 1;
        const result = await engine.insert(params);
        if (responsesToLose > 0) {
          responsesToLose -= 1;
          stats.lostResponses += 1;
          throw resetError();
        }
        return result;
      }),
    // The engine is closed once, by the direct client.
    close: () => Promise.resolve(),
  };

  const client = createClient({ connection: switched });
  const direct = createClient({ connection: engine });
  try {
    await runClickhouseMigrations(direct, { rawBodyTtlDays: 365 });
  } catch (e: unknown) {
    await direct.close();
    throw e;
  }
  return {
    open: { client, embedded: true, close: () => client.close() },
    direct,
    down: () => {
      down = true;
    },
    up: () => {
      down = false;
    },
    isDown: () => down,
    loseNextInsertResponses: (count) => {
      responsesToLose = count;
    },
    stats: () => ({ ...stats }),
    close: async () => {
      await client.close();
      await direct.close();
    },
  };
}
