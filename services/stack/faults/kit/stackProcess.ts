/**
 * `npm start` (services/stack/local/main.ts) as a child process in a process group of its own, so a
 * fault test can `kill -9` the whole stack at once: the Node process, the embedded postmaster it
 * spawned and that server's backends (they all inherit the group). Every start picks fresh ports
 * (below the ephemeral range, see freeStackPorts) and waits until the stack has announced itself
 * in `runtime.json`. {@link StackProcesses.killAll} is for afterAll: it kills every group started.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { databaseUrl } from '../../../shared/pg/databaseUrl.ts';
import { isProcessAlive, stopLeftoverPostmaster } from '../../../shared/pg/embedded/leftoverPostmaster.ts';
import { localDatabases } from '../../../shared/pg/localPostgres.ts';
import { readRuntimeFile } from '../../../shared/runtime/runtimeFile.ts';
import { freeStackPorts } from '../../local/test/localStackTestKit.ts';

const MAIN = fileURLToPath(new URL('../../local/main.ts', import.meta.url));

/** One running stack. */
export interface StackProcess {
  readonly pid: number;
  /** The public listener (webhooks). */
  readonly publicUrl: string;
  /** The admin listener (`/admin/status`). */
  readonly adminUrl: string;
  /** Superuser URLs of the embedded server's databases. */
  readonly databases: { readonly dm: string; readonly stage: string; readonly production: string };
  /** The embedded postmaster's pid (from postmaster.pid). */
  readonly postmasterPid: number;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Everything the process printed, for failure messages. */
  readonly output: string[];
}

/** The stacks a test started on one data directory. */
export interface StackProcesses {
  /** Starts the stack and waits until it listens (fails with its output when it exits first). */
  start(): Promise<StackProcess>;
  /** SIGKILL to the whole process group; resolves once the Node process is gone and the postmaster with it. */
  killGroup(stack: StackProcess): Promise<void>;
  /** SIGTERM (a clean stop); resolves with the exit. */
  stop(stack: StackProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Kills every group still running and stops a postmaster left behind (afterAll). */
  killAll(): Promise<void>;
}

async function postmasterPidOf(dataDir: string): Promise<number> {
  return Number((await readFile(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8')).split('\n')[0]);
}

function killGroupQuietly(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is gone already.
  }
}

async function waitGone(pid: number, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (await isProcessAlive(pid)) {
    if (Date.now() > deadline) throw new Error(`${what} (pid ${String(pid)}) still runs ${String(timeoutMs)} ms after SIGKILL`);
    await sleep(50);
  }
}

/** Stacks on `dataDir`, started with only the environment they need (`logLevel` default warn). */
export function stackProcesses(dataDir: string, options: { readonly logLevel?: string; readonly env?: Readonly<Record<string, string>> } = {}): StackProcesses {
  const started: ChildProcess[] = [];
  const inherited = options.env ?? {};
  return {
    async start() {
      const ports = await freeStackPorts();
      const env = {
        ...inherited,
        VF_DATA_DIR: dataDir,
        INGEST_PORT: String(ports.ingest),
        ADMIN_PORT: String(ports.admin),
        ENV_API_PORT: String(ports.stage),
        LOG_LEVEL: options.logLevel ?? 'warn',
      };
      // detached: the child leads a new process group, which the embedded postmaster joins.
      const child = spawn(process.execPath, [MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
      started.push(child);
      const output: string[] = [];
      child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
      child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
      const deadline = Date.now() + 120_000;
      for (;;) {
        if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the stack exited (${String(child.exitCode ?? child.signalCode)}) before it listened:\n${output.join('')}`);
        const runtime = await readRuntimeFile(dataDir).catch(() => null);
        if (runtime !== null && runtime.pid === child.pid && runtime.ingest !== undefined) {
          const ingest = runtime.ingest as { publicUrl: string; adminUrl: string };
          return {
            pid: child.pid ?? 0,
            publicUrl: ingest.publicUrl,
            adminUrl: ingest.adminUrl,
            databases: {
              dm: databaseUrl(runtime.postgres.url, localDatabases.dm),
              stage: databaseUrl(runtime.postgres.url, localDatabases.envs.stage),
              production: databaseUrl(runtime.postgres.url, localDatabases.envs.production),
            },
            postmasterPid: await postmasterPidOf(dataDir),
            exited,
            output,
          };
        }
        if (Date.now() > deadline) throw new Error(`the stack did not announce itself within 120 s:\n${output.join('')}`);
        await sleep(100);
      }
    },
    async killGroup(stack) {
      killGroupQuietly(stack.pid, 'SIGKILL');
      await stack.exited;
      await waitGone(stack.postmasterPid, 'the embedded postmaster', 10_000);
    },
    async stop(stack) {
      process.kill(stack.pid, 'SIGTERM');
      return stack.exited;
    },
    async killAll() {
      for (const child of started) if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) killGroupQuietly(child.pid, 'SIGKILL');
      for (const child of started) if (child.pid !== undefined) await waitGone(child.pid, 'a stack', 10_000).catch(() => undefined);
      await stopLeftoverPostmaster(join(dataDir, 'postgres')).catch(() => undefined);
    },
  };
}
