/**
 * A crash of the process that started the embedded server leaves the postmaster running,
 * holding the data directory and its port. Before starting, stop such a server (it is ours:
 * its postmaster.pid is in our data directory) and remove a pid file whose process is gone.
 */
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppError } from '../../errors.ts';

/** What was found in the data directory. */
export type LeftoverOutcome = 'none' | 'stale-pid-file-removed' | 'stopped';

/** True while `pid` is a live (not zombie) process. */
export async function isProcessAlive(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A postmaster orphaned by the crash may linger as a zombie where nothing reaps orphans.
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  return !/^\d+ \(.*\) Z/.test(stat);
}

async function readPostmasterPid(pidFile: string): Promise<number | null> {
  const text = await readFile(pidFile, 'utf8').catch(() => null);
  if (text === null) return null;
  const pid = Number(text.split('\n')[0]);
  return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
}

/** Stops a postmaster left running in `pgDir`, or removes its stale pid file. */
export async function stopLeftoverPostmaster(pgDir: string, timeoutMs = 30_000): Promise<LeftoverOutcome> {
  const pidFile = join(pgDir, 'postmaster.pid');
  const pid = await readPostmasterPid(pidFile);
  if (pid === null) return 'none';
  if (!(await isProcessAlive(pid))) {
    await rm(pidFile, { force: true });
    return 'stale-pid-file-removed';
  }
  // SIGINT is PostgreSQL's "fast" shutdown: abort transactions, checkpoint, exit cleanly.
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + timeoutMs;
  while (await isProcessAlive(pid)) {
    if (Date.now() > deadline) {
      throw new AppError('EMBEDDED_PG_LEFTOVER_RUNNING', `A PostgreSQL server (pid ${pid}) left running in ${pgDir} did not stop within ${timeoutMs} ms`, {
        details: { pid, pgDir },
      });
    }
    await sleep(100);
  }
  await rm(pidFile, { force: true });
  return 'stopped';
}
