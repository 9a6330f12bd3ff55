/**
 * The local stack in this process, everything real: embedded PostgreSQL and ClickHouse under a
 * temporary VF_DATA_DIR, both environment roles and the ingest role on ephemeral ports. Signed
 * webhooks reach both environments, `vf` commands work against the running stack, stop leaves
 * nothing behind, and a second start on the same data reuses it.
 */
import { access, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/runCli.ts';
import { loadConfig } from '../../shared/config/loadConfig.ts';
import { silentLogger } from '../../shared/logging/createLogger.ts';
import { databaseUrl } from '../../shared/pg/databaseUrl.ts';
import { readLocalSecrets, type LocalSecrets } from '../../shared/runtime/localSecrets.ts';
import { readRuntimeFile, runtimeFilePath, writeRuntimeFile } from '../../shared/runtime/runtimeFile.ts';
import { startLocalStack, type RunningLocalStack } from './startLocalStack.ts';
import { freeStackPorts, isProcessAlive, post, scalar, signedKickChat, signedSumsub, tempDataDir, waitUntil } from './test/localStackTestKit.ts';

let dataDir: string;
let stack: RunningLocalStack | undefined;
let secrets: LocalSecrets;
let serverUrl: string;

async function start(): Promise<RunningLocalStack> {
  const config = loadConfig('local', { VF_DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
  return startLocalStack({ config, logger: silentLogger(), ports: await freeStackPorts() });
}

async function processed(database: string): Promise<number> {
  return scalar(databaseUrl(serverUrl, database), 'SELECT count(*) FROM processed_events');
}

async function postmasterPid(): Promise<number> {
  return Number((await readFile(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8')).split('\n')[0]);
}

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { VF_DATA_DIR: dataDir }, { out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

beforeAll(async () => {
  dataDir = await tempDataDir();
  stack = await start();
  const loaded = await readLocalSecrets(dataDir, ['stage', 'production']);
  if (loaded === null) throw new Error('the stack wrote no secrets.json');
  secrets = loaded;
  serverUrl = (await readRuntimeFile(dataDir))?.postgres.url ?? '';
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('startLocalStack', () => {
  it('projects a signed Kick webhook and a signed Sumsub webhook into both environments', async () => {
    const publicUrl = new URL(stack?.urls.webhooksKick ?? '').origin;
    const kick = await post(publicUrl, signedKickChat(secrets));
    const sumsub = await post(publicUrl, signedSumsub(secrets));
    expect([kick.status, kick.answer, sumsub.status, sumsub.answer]).toEqual([200, 'accepted', 200, 'accepted']);
    await waitUntil('both environments processed both events', async () => (await processed('vf_stage')) === 2 && (await processed('vf_production')) === 2);
  }, 90_000);

  it('shares its ClickHouse with the environments: the chat histogram counts the message', async () => {
    // Kick's provider time is the delivery's timestamp header: now.
    const day = 86_400_000;
    const from = new Date(Date.now() - day).toISOString();
    const to = new Date(Date.now() + day).toISOString();
    const url = `${stack?.urls.production ?? ''}/admin/chat-histogram?broadcaster_user_id=123456789&from=${from}&to=${to}&bucket=day`;
    let total = 0;
    await waitUntil('the raw sink wrote the chat message to ClickHouse', async () => {
      const response = await fetch(url);
      const buckets = ((await response.json()) as { buckets?: { count: number }[] }).buckets ?? [];
      total = buckets.reduce((sum, bucket) => sum + bucket.count, 0);
      return total > 0;
    });
    expect(total).toBe(1);
  }, 60_000);

  it('announces its URLs in runtime.json, and vf commands find the stack through it', async () => {
    const runtime = await readRuntimeFile(dataDir);
    expect(runtime).toMatchObject({
      pid: process.pid,
      ingest: { publicUrl: new URL(stack?.urls.webhooksKick ?? '').origin, adminUrl: stack?.urls.admin },
      environments: { stage: stack?.urls.stage, production: stack?.urls.production },
    });
    const channels = await cli(['channels', 'list']);
    expect(channels).toMatchObject({ code: 0, err: '' });
    const quarantine = await cli(['quarantine', 'list', '--json']);
    expect(quarantine.code).toBe(0);
    expect(JSON.parse(quarantine.out)).toMatchObject({ items: [] });
    expect((await fetch(`${stack?.urls.admin ?? ''}/readyz`)).status).toBe(200);
  });

  it('refuses a second stack on the same data directory', async () => {
    // runtime.json names a live owner: this test's process is that owner, so pretend to be another.
    const config = loadConfig('local', { VF_DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
    const current = await readRuntimeFile(dataDir);
    if (current === null) throw new Error('no runtime.json');
    await writeRuntimeFile(dataDir, { ...current, pid: process.ppid });
    try {
      await expect(startLocalStack({ config, logger: silentLogger(), ports: await freeStackPorts() })).rejects.toMatchObject({ code: 'STACK_ALREADY_RUNNING' });
    } finally {
      await writeRuntimeFile(dataDir, current);
    }
  });

  it('stops everything: listeners closed, PostgreSQL gone, runtime.json removed', async () => {
    const pid = await postmasterPid();
    const urls = stack?.urls;
    await stack?.stop();
    stack = undefined;
    expect(await isProcessAlive(pid)).toBe(false);
    await expect(access(runtimeFilePath(dataDir))).rejects.toThrow();
    for (const url of [urls?.webhooksKick, urls?.admin, urls?.stage, urls?.production]) {
      await expect(fetch(url ?? '')).rejects.toThrow();
    }
  }, 60_000);

  it('starts again on the same data: the same secrets, the projected events still there', async () => {
    stack = await start();
    serverUrl = (await readRuntimeFile(dataDir))?.postgres.url ?? '';
    expect(await readLocalSecrets(dataDir, ['stage', 'production'])).toEqual(secrets);
    expect([await processed('vf_stage'), await processed('vf_production')]).toEqual([2, 2]);
    const again = await post(new URL(stack.urls.webhooksSumsub).origin, signedSumsub(secrets));
    expect(again.status).toBe(200);
    await waitUntil('both environments processed the new event', async () => (await processed('vf_stage')) === 3 && (await processed('vf_production')) === 3);
  }, 120_000);
});
