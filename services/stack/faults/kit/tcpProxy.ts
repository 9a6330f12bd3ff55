/**
 * A TCP proxy for fault tests: listens on 127.0.0.1 (ephemeral port) and forwards every
 * connection to a real server, so a test can break the network between a role and its database
 * without touching either: `dropAll()` destroys every live connection mid-stream (both sides see
 * a reset, like a failed link or a killed pgbouncer), `pause()` stops forwarding bytes in both
 * directions (a stalled link) until `resume()`.
 *
 * Forwarding is done by hand rather than with `pipe()`, so a paused proxy holds what it reads and
 * forwards nothing: once `pause()` returns, the server sees no byte more from any client (a
 * COMMIT sent after that point never arrives), which makes "kill the connection while its
 * transaction is open" deterministic.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';

/** Options of {@link startTcpProxy}. */
export interface TcpProxyOptions {
  readonly targetHost: string;
  readonly targetPort: number;
}

/** What the proxy has done, for assertions and failure messages. */
export interface TcpProxyStats {
  /** Client connections accepted since start. */
  accepted: number;
  /** Connections open right now. */
  open: number;
  /** Connections destroyed by `dropAll()`. */
  dropped: number;
}

/** A running proxy. */
export interface TcpProxy {
  readonly port: number;
  /** `url` (any database URL on the target server) rewritten to go through the proxy. */
  via(url: string): string;
  /** Destroys every open connection, both sides, at once; returns how many it destroyed. */
  dropAll(): number;
  /** Stops forwarding in both directions; bytes read meanwhile are held, in order. */
  pause(): void;
  /** Forwards what was held, then forwards again as it comes. */
  resume(): void;
  stats(): TcpProxyStats;
  /** Drops every connection and stops listening. */
  close(): Promise<void>;
}

interface Link {
  readonly client: Socket;
  readonly server: Socket;
  /** Chunks read while paused, with the socket they are for. */
  held: { to: Socket; chunk: Buffer }[];
}

/** Starts a proxy to `options.targetHost:targetPort`. */
export async function startTcpProxy(options: TcpProxyOptions): Promise<TcpProxy> {
  const links = new Set<Link>();
  const stats: TcpProxyStats = { accepted: 0, open: 0, dropped: 0 };
  let paused = false;

  const forward = (link: Link, to: Socket, chunk: Buffer): void => {
    if (paused) link.held.push({ to, chunk });
    else if (!to.destroyed) to.write(chunk);
  };

  const listener: Server = createServer((client) => {
    stats.accepted += 1;
    const server = connect({ host: options.targetHost, port: options.targetPort });
    const link: Link = { client, server, held: [] };
    links.add(link);
    stats.open = links.size;
    // The first side to close or fail takes the other with it, as a real broken link would.
    const close = (): void => {
      if (!links.delete(link)) return;
      stats.open = links.size;
      client.destroy();
      server.destroy();
    };
    client.on('data', (chunk: Buffer) => forward(link, server, chunk));
    server.on('data', (chunk: Buffer) => forward(link, client, chunk));
    for (const socket of [client, server]) {
      socket.on('error', close);
      socket.on('close', close);
      socket.on('end', close);
    }
  });
  await new Promise<void>((resolve, reject) => {
    listener.once('error', reject);
    listener.listen(0, '127.0.0.1', () => resolve());
  });
  const address = listener.address();
  if (typeof address !== 'object' || address === null) throw new Error('the proxy has no TCP address');
  const port = address.port;

  const dropAll = (): number => {
    const victims = [...links];
    for (const link of victims) {
      links.delete(link);
      link.held = [];
      // resetAndDestroy sends an RST where it can: the peer sees ECONNRESET, not a polite FIN.
      link.client.resetAndDestroy();
      link.server.resetAndDestroy();
    }
    stats.dropped += victims.length;
    stats.open = links.size;
    return victims.length;
  };

  return {
    port,
    via(url: string): string {
      const u = new URL(url);
      u.hostname = '127.0.0.1';
      u.port = String(port);
      return u.href;
    },
    dropAll,
    pause(): void {
      paused = true;
    },
    resume(): void {
      paused = false;
      for (const link of links) {
        const held = link.held;
        link.held = [];
        for (const { to, chunk } of held) if (!to.destroyed) to.write(chunk);
      }
    },
    stats: () => ({ ...stats }),
    async close(): Promise<void> {
      dropAll();
      await new Promise<void>((resolve) => listener.close(() => resolve()));
    },
  };
}
