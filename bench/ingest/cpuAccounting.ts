/**
 * Where the CPU goes during a run (Linux /proc): seconds of user+system time of one process,
 * and of every PostgreSQL server process, so the benchmark can say which part limits it.
 */
import { readdir, readFile } from 'node:fs/promises';

const ticksPerSecond = 100;

async function cpuOf(pid: string): Promise<{ comm: string; seconds: number } | null> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const fields = stat.slice(close + 2).split(' ');
    // Fields after the command: state is [0], utime [11], stime [12] (proc(5) numbers 14 and 15).
    return { comm, seconds: (Number(fields[11]) + Number(fields[12])) / ticksPerSecond };
  } catch {
    return null;
  }
}

/** CPU seconds so far of `pid`, of all `postgres` processes, and of this process. */
export async function cpuSnapshot(pid: number): Promise<{ server: number; postgres: number; loadGenerator: number }> {
  let postgres = 0;
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cpu = await cpuOf(entry);
    if (cpu?.comm === 'postgres') postgres += cpu.seconds;
  }
  return { server: (await cpuOf(String(pid)))?.seconds ?? 0, postgres, loadGenerator: (await cpuOf(String(process.pid)))?.seconds ?? 0 };
}
