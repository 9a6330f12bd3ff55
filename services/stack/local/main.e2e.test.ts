/**
 * `npm start` as a process (`node services/stack/local/main.ts`), the way a user runs it: a start
 * after a SIGKILL recovers (the orphaned PostgreSQL is stopped, the embedded ClickHouse reopens),
 * SIGTERM under load loses no acknowledged webhook and exits 0 with nothing left running, and
 * so does a terminal's Ctrl-C, which reaches the embedded PostgreSQL too.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { spawn, type ChildProcess } from 'node:child_process';
import { Agent } from 'node:http';
import { access, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddedLockHolder } from '../../shared/clickhouse/embeddedLockHolder.ts';
import { databaseUrl } from '../../shared/pg/databaseUrl.ts';
import { stopLeftoverPostmaster } from '../../shared/pg/embedded/leftoverPostmaster.ts';
import { localDatabases, startLocalPostgres } from '../../shared/pg/localPostgres.ts';
import { readLocalSecrets, type LocalSecrets } from '../../shared/runtime/localSecrets.ts';
import { readRuntimeFile, runtimeFilePath } from '../../shared/runtime/runtimeFile.ts';
import { freeStackPorts, isProcessAlive, post, postVia, scalar, signedKickChat, tempDataDir, waitUntil } from './test/localStackTestKit.ts';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

interface StackProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly output: string[];
}

let dataDir: string;
// Picked afresh for every start, so a port taken meanwhile by another process never fails one.
let ports: { ingest: number; admin: number; stage: number; production: number };
let secrets: LocalSecrets;
const children: ChildProcess[] = [];

function publicUrl(): string {
  return `http://127.0.0.1:${String(ports.ingest)}`;
}

/** Spawns the stack with only what it needs in its environment (no DM_DATABASE_URL of the test run). */
async function startStack(options: { detached?: boolean } = {}): Promise<StackProcess> {
  ports = await freeStackPorts();
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    VF_DATA_DIR: dataDir,
    INGEST_PORT: String(ports.ingest),
    ADMIN_PORT: String(ports.admin),
    ENV_API_PORT: String(ports.stage),
    LOG_LEVEL: 'warn',
  };
  const child = spawn(process.execPath, [MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: options.detached === true });
  children.push(child);
  const output: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  await waitUntil(
    'the stack announced itself in runtime.json',
    async () => {
      if (child.exitCode !== null) throw new Error(`the stack exited with ${String(child.exitCode)}:\n${output.join('')}`);
      const runtime = await readRuntimeFile(dataDir);
      return runtime !== null && runtime.pid === child.pid && runtime.ingest !== undefined;
    },
    120_000,
  ).catch((e: unknown) => {
    throw new Error(`${String(e)}\n${output.join('')}`);
  });
  return { child, exited, output };
}

async function postmasterPid(): Promise<number> {
  return Number((await readFile(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8')).split('\n')[0]);
}

async function dmCount(text: string, values: unknown[]): Promise<number> {
  const runtime = await readRuntimeFile(dataDir);
  if (runtime === null) throw new Error('no running stack');
  return scalar(databaseUrl(runtime.postgres.url, localDatabases.dm), text, values);
}

async function expectNothingLeft(postmaster: number): Promise<void> {
  expect(await isProcessAlive(postmaster)).toBe(false);
  await expect(access(runtimeFilePath(dataDir))).rejects.toThrow();
  await expect(fetch(`${publicUrl()}/healthz`)).rejects.toThrow();
}

beforeAll(async () => {
  dataDir = await tempDataDir();
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await stopLeftoverPostmaster(join(dataDir, 'postgres'));
  await rm(dataDir, { recursive: true, force: true });
}, 60_000);

describe('npm start as a process', () => {
  let second: StackProcess;

  it('recovers on the next start after a SIGKILL', async () => {
    const first = await startStack();
    const loaded = await readLocalSecrets(dataDir, ['stage', 'production']);
    if (loaded === null) throw new Error('no secrets.json');
    secrets = loaded;
    const before = await post(publicUrl(), signedKickChat(secrets));
    expect(before).toMatchObject({ status: 200, answer: 'accepted' });
    const orphan = await postmasterPid();
    first.child.kill('SIGKILL');
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
    // The crash left the PostgreSQL server running, holding the data directory and its port,
    // and chdb's status file naming the dead process (the kernel dropped its lock).
    expect(await isProcessAlive(orphan)).toBe(true);
    const chdbDir = join(dataDir, 'clickhouse');
    expect(await readFile(join(chdbDir, 'status'), 'utf8')).toContain(`PID: ${String(first.child.pid)}`);
    expect(await embeddedLockHolder(chdbDir)).toBeUndefined();

    second = await startStack();
    expect(await isProcessAlive(orphan)).toBe(false);
    expect(await embeddedLockHolder(chdbDir)).toBe(second.child.pid);
    expect(await dmCount('SELECT count(*) FROM ingest.outbox WHERE envelope_id = $1', [before.id])).toBe(1);
    const after = await post(publicUrl(), signedKickChat(secrets));
    expect(after).toMatchObject({ status: 200, answer: 'accepted' });
  }, 240_000);

  it('loses no acknowledged webhook when SIGTERM arrives under load, and exits 0 with nothing left running', async () => {
    const postmaster = await postmasterPid();
    const acknowledged: string[] = [];
    // Keep-alive connections, closed once the senders stop: the listener's close waits for every
    // connection, and a client holds an idle one for the server's keep-alive timeout (72 s).
    const agent = new Agent({ keepAlive: true });
    const sender = async (): Promise<void> => {
      for (;;) {
        try {
          const answer = await postVia(agent, publicUrl(), signedKickChat(secrets));
          // Anything else (503 while closing) was not acknowledged: the sender retries it later.
          if (answer.status === 200 && answer.id !== null) acknowledged.push(answer.id);
        } catch {
          return; // the listener is closed: the stack is stopping
        }
      }
    };
    const senders = Array.from({ length: 8 }, () => sender());
    await waitUntil('webhooks are being acknowledged', () => Promise.resolve(acknowledged.length >= 50), 60_000);
    second.child.kill('SIGTERM');
    await Promise.all(senders);
    agent.destroy();
    const exit = await second.exited;
    expect(exit, second.output.join('')).toEqual({ code: 0, signal: null });
    await expectNothingLeft(postmaster);

    const server = await startLocalPostgres({ dataDir, announce: false });
    try {
      const url = server.url(localDatabases.dm);
      const stored = await scalar(url, 'SELECT count(*) FROM ingest.outbox o JOIN ingest.inbox i ON i.id = o.inbox_id WHERE o.envelope_id = ANY($1::uuid[])', [acknowledged]);
      expect(stored).toBe(acknowledged.length);
    } finally {
      await server.stop();
    }
  }, 240_000);

  it('stops cleanly when a terminal\'s Ctrl-C reaches the whole process group, PostgreSQL included', async () => {
    const stack = await startStack({ detached: true });
    const postmaster = await postmasterPid();
    const answer = await post(publicUrl(), signedKickChat(secrets));
    expect(answer.status).toBe(200);
    process.kill(-(stack.child.pid ?? 0), 'SIGINT');
    // A stop that hangs fails here with the stack's own log, which says which part it waits on.
    const exit = await Promise.race([stack.exited, sleep(90_000).then(() => ({ code: null, signal: 'still running after 90 s' }))]);
    expect(exit, stack.output.join('')).toEqual({ code: 0, signal: null });
    await expectNothingLeft(postmaster);
  }, 240_000);
});
