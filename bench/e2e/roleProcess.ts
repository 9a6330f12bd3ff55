/**
 * A role started as its own process from its real entry point (`services/stack/ingest/main.ts`,
 * `services/env-api/main.ts`) with environment variables, as production runs it; ready once its
 * `/readyz` answers 200.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/** A running role process. */
export interface RoleProcess {
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

/** Spawns `entry` with `env` and waits (up to a minute) for `readyUrl` to answer 200. */
export async function startRole(root: string, entry: string, env: Record<string, string>, readyUrl: string): Promise<RoleProcess> {
  const child = spawn(process.execPath, [join(root, entry)], { env: { ...process.env, LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${entry} exited with ${String(child.exitCode)} before it was ready`);
    const ready = await fetch(readyUrl).then((r) => r.status === 200, () => false);
    if (ready) break;
    if (Date.now() > deadline) throw new Error(`${entry} was not ready within a minute`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    child,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
