/**
 * Who holds an embedded ClickHouse (chdb) data directory.
 *
 * chdb runs a whole ClickHouse server in-process, and that server takes an exclusive lock on
 * `<dir>/status` and writes `PID: <n>` into it. A second process fails to open the directory, but
 * chdb only reports "Failed to create connection" (the lock message goes to stderr), so after a
 * failed open we read the status file to tell a held lock from any other failure. The kernel
 * drops the lock when its holder dies, so a status file naming a dead process is not a lock.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The PID of another live process that has `dir` open, or `undefined` when there is none
 * (no status file, a stale one from a crashed process, or our own process).
 */
export async function embeddedLockHolder(dir: string): Promise<number | undefined> {
  let status: string;
  try {
    status = await readFile(join(dir, 'status'), 'utf8');
  } catch {
    return undefined;
  }
  const pid = Number(/^PID:\s*(\d+)/m.exec(status)?.[1]);
  if (!Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid) return undefined;
  return isAlive(pid) ? pid : undefined;
}

function isAlive(pid: number): boolean {
  try {
    // Signal 0 checks existence only; EPERM means it exists but belongs to another user.
    process.kill(pid, 0);
    return true;
  } catch (e: unknown) {
    return e instanceof Error && 'code' in e && e.code === 'EPERM';
  }
}
