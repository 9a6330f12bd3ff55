/**
 * Helpers of the acceptor's integration tests: a pool acting as vf_ingest (the role the product
 * runs as), row counts read as the superuser, and a TCP forwarder to simulate PostgreSQL going away.
 */
import net from 'node:net';
import { createDmPool, type DmPool } from '../../../shared/pg/pools.ts';
import { withPgClient } from '../../../shared/testkit/pgClient.ts';

/**
 * A dm pool whose sessions run as `vf_ingest`: the test URL's superuser sets the role in the
 * startup packet (`options=-c role=…`), so every statement has exactly vf_ingest's privileges.
 */
export async function createIngestRolePool(url: string, maximumPoolSize = 4): Promise<DmPool> {
  return createDmPool(withRole(url, 'vf_ingest'), { maximumPoolSize });
}

/** `url` with `-c role=<role>` in its startup options. */
export function withRole(url: string, role: string): string {
  const u = new URL(url);
  u.searchParams.set('options', `-c role=${role}`);
  return u.href;
}

/** Runs one query as the superuser and returns its rows. */
export async function rows<T extends Record<string, unknown>>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  return withPgClient(url, async (c) => (await c.query<T>(text, values)).rows);
}

/** `count(*)` of a query's rows. */
export async function count(url: string, text: string, values: unknown[] = []): Promise<number> {
  const [row] = await rows<{ n: number }>(url, `SELECT count(*)::int AS n FROM (${text}) AS q`, values);
  return row?.n ?? -1;
}

/** A TCP forwarder to the server of `url`; `stop()` closes it and cuts every connection through it. */
export interface Forwarder {
  /** `url` rewritten to go through the forwarder. */
  readonly url: string;
  stop(): Promise<void>;
}

/** Starts a forwarder on 127.0.0.1 (port 0) in front of the server of `url`. */
export async function startForwarder(url: string): Promise<Forwarder> {
  const target = new URL(url);
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => s.destroy());
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('forwarder: no TCP address');
  const through = new URL(url);
  through.hostname = '127.0.0.1';
  through.port = String(address.port);
  return {
    url: through.href,
    stop: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of sockets) s.destroy();
      await closed;
    },
  };
}
