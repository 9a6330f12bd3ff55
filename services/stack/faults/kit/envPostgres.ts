/**
 * An environment's own PostgreSQL 18 (the embedded server the product uses), for fault tests that
 * stop and start it under load. It runs on a fixed port below the kernel's ephemeral range, so a
 * restart comes back on the same address and the environment role's pool reconnects to it
 * without being told anything; the database is migrated once with `vf migrate env`'s function.
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../../shared/pg/embedded/embeddedPostgres.ts';
import { pickFreePort } from '../../../shared/pg/embedded/freePort.ts';
import { ensureDatabase } from '../../../shared/pg/ensureDatabase.ts';
import { migrateEnv } from '../../../shared/pg/migrate/migrateDatabase.ts';

/** A running (or stopped) environment server and its migrated database. */
export interface EnvPostgres {
  readonly port: number;
  /** Superuser URL of the environment database (same on every start). */
  readonly url: string;
  isRunning(): boolean;
  /** Fast shutdown: active backends are terminated, clients see their connections go. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data directory. */
  start(): Promise<void>;
  /** Stops it if running and deletes its data directory. */
  close(): Promise<void>;
}

/** A free port outside the ephemeral range (32768–60999 here), so no outgoing connection takes it while the server is down. */
async function fixedPort(): Promise<number> {
  for (let tries = 0; tries < 50; tries += 1) {
    const candidate = 20_000 + Math.floor(Math.random() * 12_000);
    if ((await pickFreePort(candidate)) === candidate) return candidate;
  }
  throw new Error('no free port between 20000 and 32000');
}

/** Starts a fresh server in a temp dir and creates and migrates `database` on it. */
export async function startEnvPostgres(database = 'vf_fault_env'): Promise<EnvPostgres> {
  const root = await mkdtemp(join(tmpdir(), 'vf-fault-env-pg-'));
  // Run as root, the server runs as `postgres` and must traverse the directory.
  await chmod(root, 0o755);
  const dir = join(root, 'postgres');
  const port = await fixedPort();
  let server: EmbeddedPostgres | null = null;

  const start = async (): Promise<EmbeddedPostgres> => {
    if (server !== null) return server;
    const started = await startEmbeddedPostgres({ dir, port });
    if (started.port !== port) {
      await started.stop();
      throw new Error(`the environment PostgreSQL came back on port ${String(started.port)}, not ${String(port)} (the port was taken while it was down)`);
    }
    server = started;
    return started;
  };
  const stop = async (): Promise<void> => {
    const running = server;
    server = null;
    await running?.stop();
  };

  const current = await start();
  const url = current.url(database);
  try {
    await ensureDatabase(current.url('postgres'), database);
    await migrateEnv(url);
  } catch (e: unknown) {
    await stop();
    await rm(root, { recursive: true, force: true });
    throw e;
  }
  return {
    port,
    url,
    isRunning: () => server !== null,
    stop,
    start: async () => {
      await start();
    },
    close: async () => {
      await stop();
      await rm(root, { recursive: true, force: true });
    },
  };
}
